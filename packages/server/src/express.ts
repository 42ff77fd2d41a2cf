/**
 * Express (4 and 5) middleware. Typed structurally, so this package needs no Express types.
 *
 * @example
 * import { flagtab } from '@flagtab/server/express';
 * app.use(flagtab({ keys: process.env.FLAGTAB_AUTHORIZED_KEYS, hosts: ['shop.example.com'] }));
 * app.get('/', (req, res) => res.send(req.flagtab.values['new-checkout'] ? 'new' : 'old'));
 */
import type { HeaderRecord } from '../../../lib/wire/request';
import { createFlagtab, type FlagtabOptions, type RequestDecision } from './core';

export { authorizedKeys, type FlagtabOptions, type RequestDecision } from './core';

interface Req { headers: HeaderRecord; flagtab?: RequestDecision }
interface Res { setHeader(name: string, value: string): unknown }

/** Sets `req.flagtab` (the decision; `.values` is empty unless accepted) and the status header. */
export function flagtab(options: FlagtabOptions) {
  const core = createFlagtab(options);
  return (req: Req, res: Res, next: (error?: unknown) => void): void => {
    core.decide(req.headers).then((decision) => {
      req.flagtab = decision;
      for (const [name, value] of core.responseHeaders(decision)) res.setHeader(name, value);
      next();
    }, next);
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by @flagtab/server's middleware. */
      flagtab: RequestDecision;
    }
  }
}
