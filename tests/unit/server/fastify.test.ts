import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagtab, type RequestDecision } from '../../../packages/server/src/fastify';
import { AUTHORIZED_KEYS, expectEveryCase, HOST } from './support';

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
    await expectEveryCase(base);
  });
});
