/**
 * Hono middleware, on the Web `Request`: Node, Deno, Bun, Cloudflare Workers.
 *
 * @example
 * import { flagtab, type FlagtabVariables } from '@flagtab/server/hono';
 * const app = new Hono<{ Variables: FlagtabVariables }>();
 * app.use(flagtab({ keys: env.FLAGTAB_AUTHORIZED_KEYS, hosts: ['shop.example.com'] }));
 * app.get('/', (c) => c.json(c.get('flagtab').values));
 */
import { createFlagtab, type FlagtabOptions, type RequestDecision } from './core';

export { authorizedKeys, type FlagtabOptions, type RequestDecision } from './core';

/** Add to your app's `Variables` so `c.get('flagtab')` is typed. */
export type FlagtabVariables = { flagtab: RequestDecision };

interface ContextLike {
  req: { raw: Request };
  // A method (bivariant), so Hono's generic `set` is assignable whatever the app's Variables.
  set(key: 'flagtab', value: RequestDecision): void;
  header(name: string, value: string): void;
}

export function flagtab(options: FlagtabOptions) {
  const core = createFlagtab(options);
  return async (c: ContextLike, next: () => Promise<void>): Promise<void> => {
    const decision = await core.decide(c.req.raw.headers);
    c.set('flagtab', decision);
    await next();
    // After the handler, so the headers land on the response it made.
    for (const [name, value] of core.responseHeaders(decision)) c.header(name, value);
  };
}
