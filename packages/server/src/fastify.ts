/**
 * Fastify plugin: an `onRequest` hook on the whole app (it skips Fastify's encapsulation, as
 * fastify-plugin would, so every route sees `request.flagtab`).
 *
 * @example
 * import { flagtab } from '@flagtab/server/fastify';
 * await app.register(flagtab, { keys: process.env.FLAGTAB_AUTHORIZED_KEYS, hosts: ['shop.example.com'] });
 * app.get('/', (request) => request.flagtab.values);
 */
import type { HeaderRecord } from '../../../lib/wire/request';
import { createFlagtab, type FlagtabOptions, type RequestDecision } from './core';

export { authorizedKeys, type FlagtabOptions, type RequestDecision } from './core';

interface FastifyLike {
  decorateRequest(name: string, value: null): unknown;
  addHook(name: 'onRequest', hook: (request: { headers: HeaderRecord; flagtab?: RequestDecision | null }, reply: { header(name: string, value: string): unknown }) => Promise<void>): unknown;
}

async function plugin(app: FastifyLike, options: FlagtabOptions): Promise<void> {
  const core = createFlagtab(options);
  app.decorateRequest('flagtab', null);
  app.addHook('onRequest', async (request, reply) => {
    const decision = await core.decide(request.headers);
    request.flagtab = decision;
    for (const [name, value] of core.responseHeaders(decision)) reply.header(name, value);
  });
}

/** Register with `app.register(flagtab, options)`. */
export const flagtab = Object.assign(plugin, {
  // What fastify-plugin sets: https://fastify.dev/docs/latest/Reference/Plugins/#handle-the-scope
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@flagtab/server',
});

// Typing `request.flagtab` is left to the app (README: "Fastify"): a `declare module 'fastify'`
// here would make these declarations fail to compile for anyone without fastify installed.
