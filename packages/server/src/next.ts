/**
 * Next.js middleware (`proxy.ts` from Next 16, `middleware.ts` before; Edge or Node runtime).
 * Middleware cannot hang a value on the request a page sees, so the verdict travels the
 * documented way: `NextResponse.next({ request: { headers } })` rewrites the request's headers
 * for the route handlers and server components behind it
 * (https://nextjs.org/docs/app/api-reference/file-conventions/middleware#setting-headers).
 * Incoming copies of those headers are removed first, so a client cannot send "accepted" itself.
 *
 * @example
 * // proxy.ts (middleware.ts before Next 16: `export const middleware = …`)
 * import { flagtab } from '@flagtab/server/next';
 * export const proxy = flagtab({ keys: process.env.FLAGTAB_AUTHORIZED_KEYS, hosts: ['shop.example.com'] });
 * // app/page.tsx
 * const values = flagtabValues(await headers());
 */
// `next/server.js`, not `next/server`: next has no `exports` map, and plain Node ESM (a test,
// a script) needs the file name; Next's bundler resolves both.
import { NextResponse } from 'next/server.js';
import { decodeOverrides, encodeOverrides, type Overrides } from '../../../lib/wire/payload';
import { statusHeaderValue } from '../../../lib/wire/v2';
import { createFlagtab, type FlagtabOptions } from './core';

export { authorizedKeys, type FlagtabOptions, type RequestDecision } from './core';

/** Request header the middleware sets for the route: the status header's value, or `none`. */
export const DECISION_REQUEST_HEADER = 'x-flagtab-decision';
/** Request header the middleware sets for the route when accepted: the values, wire v1 format. */
export const VALUES_REQUEST_HEADER = 'x-flagtab-values';

interface RequestLike { headers: Headers }
interface HeadersLike { get(name: string): string | null }

/**
 * The middleware: verifies the request's token, passes the verdict to the route in request
 * headers (read them with `flagtabValues` / `flagtabDecision`) and sets the status header (and,
 * when accepted, the echo and `Cache-Control: private, no-store`) on the response.
 */
export function flagtab(options: FlagtabOptions) {
  const core = createFlagtab(options);
  return async (request: RequestLike): Promise<NextResponse> => {
    const decision = await core.decide(request.headers);
    const headers = new Headers(request.headers);
    // Always, whatever the decision: only this middleware may say what was decided.
    headers.delete(DECISION_REQUEST_HEADER);
    headers.delete(VALUES_REQUEST_HEADER);
    headers.set(DECISION_REQUEST_HEADER, statusHeaderValue(decision) ?? 'none');
    if (decision.status === 'accepted') headers.set(VALUES_REQUEST_HEADER, encodeOverrides(decision.values));
    const response = NextResponse.next({ request: { headers } });
    for (const [name, value] of core.responseHeaders(decision)) response.headers.set(name, value);
    return response;
  };
}

/** What a route can know of the middleware's decision. */
export type FlagtabVerdict =
  | { status: 'accepted' | 'rejected' | 'none'; /** The status header's value, e.g. `rejected; reason=expired; kid="alice"`. */ detail: string; values: Overrides }
  /**
   * No verdict header: the middleware did not run for this request (check your `matcher`).
   * Where it does not run, a client's own copy of the headers would be read as it came.
   */
  | { status: 'missing'; detail: undefined; values: Overrides };

/**
 * Reads the middleware's decision from the request headers of a route handler
 * (`request.headers`) or a server component (`await headers()` from `next/headers`).
 * `values` is a null-prototype object, empty unless the overrides were accepted.
 */
export function flagtabDecision(headers: HeadersLike): FlagtabVerdict {
  const detail = headers.get(DECISION_REQUEST_HEADER);
  const none: Overrides = Object.create(null);
  if (detail === null) return { status: 'missing', detail: undefined, values: none };
  const status = detail.startsWith('accepted') ? 'accepted' : detail.startsWith('rejected') ? 'rejected' : 'none';
  if (status !== 'accepted') return { status, detail, values: none };
  const decoded = decodeOverrides(headers.get(VALUES_REQUEST_HEADER) ?? '');
  // The middleware wrote this header; if it does not decode, something else did.
  if (!decoded.ok) throw new Error(`flagtab: ${VALUES_REQUEST_HEADER} is not what the middleware wrote (${decoded.error}); is something else setting it?`);
  return { status, detail, values: decoded.values };
}

/**
 * The accepted override values (empty unless accepted).
 *
 * @example
 * const newCheckout = flagtabValues(await headers())['new-checkout'] ?? false;
 */
export function flagtabValues(headers: HeadersLike): Overrides {
  return flagtabDecision(headers).values;
}
