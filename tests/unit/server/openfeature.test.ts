import type { Server } from 'node:http';
import express from 'express';
import { AsyncLocalStorageTransactionContextPropagator, InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagtab } from '../../../packages/server/src/express';
import { FLAGTAB_REASON, flagtabContext, withFlagtabOverrides } from '../../../packages/server/src/openfeature';
import { AUTHORIZED_KEYS, baseOf, cases, HOST, send } from './support';

describe('@flagtab/server/openfeature with @openfeature/server-sdk', () => {
  let server: Server;
  beforeAll(async () => {
    OpenFeature.setTransactionContextPropagator(new AsyncLocalStorageTransactionContextPropagator());
    await OpenFeature.setProviderAndWait(withFlagtabOverrides(new InMemoryProvider({
      'new-checkout': { variants: { on: true, off: false }, defaultVariant: 'off', disabled: false },
      'hero-banner': { variants: { a: 'a', b: 'b' }, defaultVariant: 'a', disabled: false },
    })));
    const client = OpenFeature.getClient();
    const app = express();
    app.use(flagtab({ keys: AUTHORIZED_KEYS, hosts: [HOST] }));
    app.use((req, _res, next) => OpenFeature.setTransactionContext(flagtabContext(req.flagtab), () => next()));
    app.get('/', async (_req, res) => {
      // A tick between middleware and evaluation, as real handlers have: the context must survive it.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const details = await client.getBooleanDetails('new-checkout', false);
      res.json({ 'new-checkout': details.value, reason: details.reason, banner: await client.getStringValue('hero-banner', 'x') });
    });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await OpenFeature.close();
  });

  it('lets a verified override win over the provider, for that request only, and refuses the rest', async () => {
    const all = await cases();
    // All at once: each request must see its own transaction context.
    const results = await Promise.all(all.map((c) => send(baseOf(server), c)));
    for (const [i, c] of all.entries()) {
      const accepted = c.status.startsWith('accepted');
      expect(results[i]!.status, c.name).toBe(c.status);
      expect(results[i]!.body, c.name).toEqual(accepted
        ? { 'new-checkout': true, reason: FLAGTAB_REASON, banner: 'a' }
        : { 'new-checkout': false, reason: 'STATIC', banner: 'a' });
    }
  });
});
