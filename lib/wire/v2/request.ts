/**
 * The server side of v2: find the token in a request's header or cookie, verify it, and say what
 * was decided in the status header. Adapters (packages/server) call this and nothing else.
 */
import { DEFAULT_COOKIE_NAME, DEFAULT_HEADER_NAME, parseCookieHeader, readHeader, type HeaderGetter, type HeaderRecord } from '../request';
import type { Overrides } from '../payload';
import { verifyOverrides, type VerifyOptions } from './verify';
import { V2_COOKIE_NAME, V2_HEADER_NAME, type RejectReason } from './token';

export interface RequestVerifyOptions extends VerifyOptions {
  /** Defaults to `V2_HEADER_NAME`. */
  headerName?: string;
  /** Defaults to `V2_COOKIE_NAME`. */
  cookieName?: string;
}

/** Why a request's overrides were not used: a token's reason, or `unsigned` for v1 overrides alone. */
export type RequestRejectReason = RejectReason | 'unsigned';

export type RequestDecision =
  /** The request carried no overrides of either version. */
  | { status: 'none'; values: Overrides }
  | { status: 'accepted'; values: Overrides; kid: string; sub: string; exp: number; source: 'header' | 'cookie' }
  /** `values` is empty: nothing of a refused token is used. */
  | { status: 'rejected'; values: Overrides; reason: RequestRejectReason; message: string; kid?: string };

/**
 * Verifies the request's v2 token, header first (a field only the extension sets), else cookie.
 * v1 overrides alone are refused as `unsigned`: a server that verifies ignores unsigned ones.
 * Never throws.
 *
 * @example
 * const decision = await verifyRequest(req.headers, { keys, audience: 'shop.example.com' });
 * res.setHeader(STATUS_HEADER_NAME, statusHeaderValue(decision) ?? 'none');
 */
export async function verifyRequest(headers: HeaderGetter | HeaderRecord, options: RequestVerifyOptions): Promise<RequestDecision> {
  const headerName = options.headerName ?? V2_HEADER_NAME;
  const cookieName = options.cookieName ?? V2_COOKIE_NAME;
  const empty = (): Overrides => Object.create(null);
  const fromHeader = readHeader(headers, headerName);
  if (fromHeader.length > 1) {
    return { status: 'rejected', values: empty(), reason: 'malformed', message: `${headerName} was sent ${fromHeader.length} times; send it once` };
  }
  const cookie = readHeader(headers, 'cookie').flatMap(parseCookieHeader).find(([name]) => name === cookieName);
  const header = fromHeader[0]?.trim();
  const token = header ?? cookie?.[1];
  if (token === undefined) {
    const v1 = readHeader(headers, DEFAULT_HEADER_NAME).length > 0
      || readHeader(headers, 'cookie').flatMap(parseCookieHeader).some(([name]) => name === DEFAULT_COOKIE_NAME);
    return v1
      ? { status: 'rejected', values: empty(), reason: 'unsigned', message: 'this server accepts only signed overrides; turn on signing for this site in Flagtab' }
      : { status: 'none', values: empty() };
  }
  const result = await verifyOverrides(token, options);
  if (!result.ok) {
    return { status: 'rejected', values: empty(), reason: result.reason, message: result.message, ...(result.kid === undefined ? {} : { kid: result.kid }) };
  }
  return { status: 'accepted', values: result.values, kid: result.kid, sub: result.sub, exp: result.exp, source: header === undefined ? 'cookie' : 'header' };
}

/**
 * The status header's value (a structured-field item, RFC 8941): `accepted; kid="alice"; n=2`
 * or `rejected; reason=expired; kid="alice"`; undefined when the request carried no overrides.
 */
export function statusHeaderValue(decision: RequestDecision): string | undefined {
  const kid = (id: string | undefined) => (id === undefined ? '' : `; kid="${id.replace(/[\\"]/g, '\\$&')}"`);
  if (decision.status === 'none') return undefined;
  if (decision.status === 'accepted') return `accepted${kid(decision.kid)}; n=${Object.keys(decision.values).length}`;
  return `rejected; reason=${decision.reason}${kid(decision.kid)}`;
}
