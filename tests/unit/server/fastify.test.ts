import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagtab, type RequestDecision } from '../../../packages/server/src/fastify';
import { AUTHORIZED_KEYS, cases, HOST, send } from './support';

describe('@flagtab/server/fastify in a real Fastify server', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = Fastify();
    await app.register(flagtab, { keys: AUTHORIZED_KEYS, hosts: [HOST] });
    // Registered in an encapsulated child, as routes often are: the hook must still apply.
    await app.register(async (child) => {
      child.get('/', async (request) => ({ ...(request as unknown as { flagtab: RequestDecision }).flagtab.values }));
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('honours a validly signed header or cookie and refuses every other request, saying why', async () => {
    for (const c of await cases()) {
      const got = await send(base, c);
      expect({ status: got.status, body: got.body }, c.name).toEqual({ status: c.status, body: c.values });
      expect(got.applied, c.name).toBe(c.status.startsWith('accepted') ? 'new-checkout=true' : null);
    }
  });
});
