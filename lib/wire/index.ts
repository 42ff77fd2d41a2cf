/**
 * Wire format v1: how per-tab flag overrides travel to a site's servers, in a request header
 * and in a cookie. Pure TypeScript with no browser or Node APIs, so the extension's service
 * worker and any JavaScript server import the same code. The spec, for servers in other
 * languages, is docs/wire-format.md.
 */
import { encodeCookieValue } from './base64url';
import { encodeOverrides, MAX_ENCODED_LENGTH, validateOverrides, type Overrides } from './payload';

export { cookiePair, decodeBase64Url, decodeCookieValue, encodeBase64Url, encodeCookieValue } from './base64url';
export {
  decodeOverrides,
  encodeOverrides,
  MAX_DECODE_LENGTH,
  MAX_ENCODED_LENGTH,
  validateOverrides,
  WireError,
  type DecodeResult,
  type Overrides,
  type ValidationResult,
} from './payload';
export {
  DEFAULT_COOKIE_NAME,
  DEFAULT_HEADER_NAME,
  parseCookieHeader,
  readOverridesFromRequest,
  type HeaderGetter,
  type HeaderRecord,
  type ReadOptions,
  type RequestOverrides,
} from './request';

/** The version this code speaks. A v2 will use a new header and cookie name (docs/wire-format.md#versioning). */
export const WIRE_FORMAT_VERSION = 1;

export type WireTransport = 'header' | 'cookie';

/** Whether overrides can be sent; `length` is the longest encoded text among the transports checked. */
export type WireFit =
  | { ok: true; length: number }
  | { ok: false; reason: 'invalid'; key: string; error: string }
  | { ok: false; reason: 'too-long'; transport: WireTransport; length: number; max: number; error: string };

/**
 * Checks, before any rule is installed, that overrides are valid and that each chosen transport's
 * text stays within `MAX_ENCODED_LENGTH`. The cookie is the longer one (base64 adds a third).
 *
 * @example
 * fitsOnTheWire({ 'new-checkout': true }); // { ok: true, length: 23 }
 * fitsOnTheWire({ big: 'x'.repeat(5000) }, ['header']);
 * // { ok: false, reason: 'too-long', transport: 'header', length: 5010, max: 4096, error: '...' }
 */
export function fitsOnTheWire(values: Overrides, transports: readonly WireTransport[] = ['header', 'cookie']): WireFit {
  const valid = validateOverrides(values);
  if (!valid.ok) return { ok: false, reason: 'invalid', key: valid.key, error: valid.error };
  let length = 0;
  for (const transport of transports) {
    const text = transport === 'header' ? encodeOverrides(values) : encodeCookieValue(values);
    length = Math.max(length, text.length);
    if (text.length > MAX_ENCODED_LENGTH) {
      const error = `the overrides take ${text.length} characters in the ${transport}; the limit is ${MAX_ENCODED_LENGTH}. Override fewer flags or use shorter values.`;
      return { ok: false, reason: 'too-long', transport, length: text.length, max: MAX_ENCODED_LENGTH, error };
    }
  }
  return { ok: true, length };
}
