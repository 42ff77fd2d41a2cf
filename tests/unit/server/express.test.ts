import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagtab } from '../../../packages/server/src/express';
import { AUTHORIZED_KEYS, baseOf, expectEveryCase, HOST } from './support';

describe('@flagtab/server/express in a real Express server', () => {
  let server: Server;
  beforeAll(async () => {
    const app = express();
    app.use(flagtab({ keys: AUTHORIZED_KEYS, hosts: [HOST] }));
    app.get('/', (req, res) => { res.json({ ...req.flagtab.values }); });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('honours a validly signed header or cookie and refuses every other request, saying why', async () => {
    await expectEveryCase(baseOf(server));
  });

  it('says nothing when a request carries no overrides', async () => {
    const response = await fetch(baseOf(server));
    expect(response.headers.get('x-feature-flags-status')).toBeNull();
    expect(await response.json()).toEqual({});
  });

  it('fails the request, not silently, when the configured keys are broken', async () => {
    const app = express();
    app.use(flagtab({ keys: [{ kid: 'x', jwk: { kty: 'oct', k: 'c2hvcnQ' } }], hosts: [HOST] }));
    app.get('/', (_req, res) => { res.send('ok'); });
    const broken = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    try {
      expect((await fetch(baseOf(broken))).status).toBe(500);
    } finally {
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
    expect(() => flagtab({ keys: 'ssh-rsa AAAA alice', hosts: [HOST] })).toThrow(/line 1/);
    // The README passes an environment variable: unset, the deploy fails and says which.
    expect(() => flagtab({ keys: process.env.FLAGTAB_TEST_UNSET_VARIABLE, hosts: [HOST] })).toThrow(/`keys` is not set.*FLAGTAB_AUTHORIZED_KEYS/);
  });
});
