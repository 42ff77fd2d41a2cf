/**
 * The server side: find the overrides in an incoming request's header and cookie. Works with a
 * fetch `Headers` object (Deno, Bun, Cloudflare Workers, Next.js route handlers) and with Node's
 * `req.headers` record (http, Express, Fastify).
 */
import { decodeCookieValue } from './base64url';
import { decodeOverrides, type DecodeResult, type Overrides } from './payload';

/** The header the extension sends by default; sites can choose another name. */
export const DEFAULT_HEADER_NAME = 'X-Feature-Flags';
/** The cookie the extension sends by default; sites can choose another name. */
export const DEFAULT_COOKIE_NAME = 'flagtab';

/** A fetch `Headers` object, or anything with its `get`. */
export interface HeaderGetter {
  get(name: string): string | null | undefined;
}

/** Node's `IncomingHttpHeaders`: names in lower case, repeated headers as arrays. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface ReadOptions {
  /** Defaults to `DEFAULT_HEADER_NAME`. Matched without regard to case, as HTTP does. */
  headerName?: string;
  /** Defaults to `DEFAULT_COOKIE_NAME`. Matched exactly: cookie names are case-sensitive. */
  cookieName?: string;
}

export interface RequestOverrides {
  /** Cookie entries, then header entries on top: the header wins per key. Null prototype. */
  values: Overrides;
  /** Absent when the request has no such header. */
  header?: DecodeResult;
  /** Absent when the request has no such cookie. */
  cookie?: DecodeResult;
  /** Every problem, each naming its source; a bad source adds nothing to `values`. */
  errors: string[];
}

/**
 * Reads the overrides a request carries. Never throws; malformed input ends up in `errors`.
 *
 * @example
 * // Node: http.createServer((req, res) => { ... })
 * const { values, errors } = readOverridesFromRequest(req.headers);
 * if (errors.length) console.warn('ignored flag overrides:', errors);
 * const checkout = values['new-checkout'] ?? defaultCheckout;
 */
export function readOverridesFromRequest(headers: HeaderGetter | HeaderRecord, options: ReadOptions = {}): RequestOverrides {
  const headerName = options.headerName ?? DEFAULT_HEADER_NAME;
  const cookieName = options.cookieName ?? DEFAULT_COOKIE_NAME;
  const result: RequestOverrides = { values: Object.create(null), errors: [] };

  const headerValues = readHeader(headers, headerName);
  if (headerValues.length > 1) {
    result.header = { ok: false, error: `sent ${headerValues.length} times; send it once` };
  } else if (headerValues[0] !== undefined) {
    // RFC 9110 §5.5: whitespace around a field value is not part of it.
    result.header = decodeOverrides(headerValues[0].replace(/^[ \t]+|[ \t]+$/g, ''));
  }

  const cookies = readHeader(headers, 'cookie').flatMap(parseCookieHeader).filter(([name]) => name === cookieName);
  const [first] = cookies;
  if (first) {
    result.cookie = decodeCookieValue(first[1]);
    if (cookies.some(([, value]) => value !== first[1])) {
      // Browsers send every matching cookie, most specific path first (RFC 6265 §5.4).
      result.errors.push(`cookie ${cookieName}: sent ${cookies.length} times with different values; used the first (is an old cookie left on another path or domain?)`);
    }
  }

  for (const [source, decoded] of [[`cookie ${cookieName}`, result.cookie], [`header ${headerName}`, result.header]] as const) {
    if (!decoded) continue;
    if (decoded.ok) Object.assign(result.values, decoded.values);
    else result.errors.push(`${source}: ${decoded.error}`);
  }
  return result;
}

/**
 * Splits a Cookie header into `[name, value]` pairs in order, keeping duplicates. A pair
 * without "=" is skipped; one pair of double quotes around a value is removed (RFC 6265 §4.1.1).
 *
 * @example
 * parseCookieHeader('a=1; flagtab=YT0x; b="x"'); // [['a', '1'], ['flagtab', 'YT0x'], ['b', 'x']]
 */
export function parseCookieHeader(header: string): Array<[name: string, value: string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    pairs.push([name, value]);
  }
  return pairs;
}

/** Every value of one header, whichever shape the headers come in (v2's reader uses it too). */
export function readHeader(headers: HeaderGetter | HeaderRecord, name: string): string[] {
  if (typeof headers.get === 'function') {
    const value = (headers as HeaderGetter).get(name);
    return typeof value === 'string' ? [value] : [];
  }
  const record = headers as HeaderRecord;
  const lower = name.toLowerCase();
  // Node lower-cases names; other producers of plain records may not, so fall back to a scan.
  const key = Object.hasOwn(record, lower) ? lower : Object.keys(record).find((k) => k.toLowerCase() === lower);
  const value = key === undefined ? undefined : record[key];
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}
