import type { OverrideTransport, OverrideValues, QueryParam, SentRequest } from '../types';
import type { GrowthBookVia } from './meta';

interface GrowthBookSettings {
  enabled: boolean;
  name: string;
  via?: GrowthBookVia;
}

/**
 * The longest `name=value` cookie pair sent: 4096 bytes is what RFC 6265 §6.1 asks browsers to
 * store at least, and where browsers and servers stop (https://www.rfc-editor.org/rfc/rfc6265#section-6.1).
 */
export const MAX_COOKIE_BYTES = 4096;
/**
 * The longest `name=value` query pair sent. The parameter shares the request line with the
 * page's own path and query, and common servers refuse long lines (nginx's default
 * large_client_header_buffers is 8 KB a line; Node refuses 16 KB of line and headers), so the
 * payload keeps to half of nginx's line.
 */
export const MAX_QUERY_BYTES = 4096;

/**
 * The JSON GrowthBook's devtools plugins parse: `{ "features": { key: value } }`, keys sorted so
 * the same overrides always give the same text (and the same rules).
 *
 * @example gbdebugPayload({ 'new-checkout': true }) // '{"features":{"new-checkout":true}}'
 */
export function gbdebugPayload(values: OverrideValues): string {
  const features = Object.fromEntries(Object.keys(values).sort().map((key) => [key, values[key]]));
  return JSON.stringify({ features });
}

/**
 * The cookie pair, its value percent-encoded: cookie-parser (through the `cookie` package)
 * decodes a value that holds a "%", so `req.cookies._gbdebug` is the JSON again.
 *
 * @example gbdebugCookie('_gbdebug', { a: true }) // '_gbdebug=%7B%22features%22%3A%7B%22a%22%3Atrue%7D%7D'
 */
export function gbdebugCookie(name: string, values: OverrideValues): string {
  return `${name}=${encodeURIComponent(gbdebugPayload(values))}`;
}

const via = (settings: GrowthBookSettings): GrowthBookVia => settings.via ?? 'cookie';
const hasValues = (values: OverrideValues) => Object.keys(values).length > 0;

/** The query pair as it appears in the address (form-encoded, as the browser writes it). */
const queryPairLength = (name: string, values: OverrideValues) => new URLSearchParams([[name, gbdebugPayload(values)]]).toString().length;

/**
 * Why GrowthBook cannot take these values through `_gbdebug`, or undefined.
 * - A flag forced to null: GrowthBook evaluates it as unknown (`on` false, and `getFeatureValue`
 *   returns the app's fallback), so the tester would not get null.
 * - A payload longer than a cookie or a request line can carry.
 */
export function refuseGbdebug(settings: GrowthBookSettings, values: OverrideValues): string | undefined {
  if (!settings.enabled) return undefined;
  const nulls = Object.keys(values).filter((key) => values[key] === null).sort();
  if (nulls.length) {
    return `GrowthBook cannot force a flag to null (${nulls.join(', ')}): it treats null as "no value" and the app gets its own fallback. Choose another value, or reset the flag.`;
  }
  if (via(settings) === 'cookie') {
    const bytes = gbdebugCookie(settings.name, values).length;
    if (bytes > MAX_COOKIE_BYTES) {
      return `the ${settings.name} cookie would take ${bytes} bytes; a cookie holds at most ${MAX_COOKIE_BYTES}. Override fewer flags or use shorter values (or send ${settings.name} as a query parameter, in the site's settings).`;
    }
  } else {
    const bytes = queryPairLength(settings.name, values);
    if (bytes > MAX_QUERY_BYTES) {
      return `the ${settings.name} query parameter would take ${bytes} bytes of the address; Flagtab sends at most ${MAX_QUERY_BYTES}, since servers refuse long addresses. Override fewer flags or use shorter values.`;
    }
  }
  return undefined;
}

const hasCookie = (name: string, { headers }: SentRequest) => {
  const prefix = `${name}=`;
  return headers.some((h) => h.name.toLowerCase() === 'cookie' && (h.value ?? '').split(/;\s*/).some((pair) => pair.startsWith(prefix)));
};
const hasParam = (name: string, { url }: SentRequest) => url !== undefined && URL.canParse(url) && new URL(url).searchParams.has(name);

/**
 * GrowthBook's `_gbdebug`: appended to the request's Cookie header (the site's own cookies
 * stay), or added to the tab's page loads as a query parameter (a redirect that replaces a
 * parameter of the same name, so an address already carrying the tab's values is not
 * redirected again). A payload GrowthBook cannot take is refused when the tester sets it.
 */
export const growthbookTransport: OverrideTransport<'growthbook', GrowthBookSettings> = {
  id: 'growthbook',
  requestHeaders: (settings, values) =>
    settings.enabled && via(settings) === 'cookie' && hasValues(values) ? [{ header: 'Cookie', operation: 'append', value: gbdebugCookie(settings.name, values) }] : [],
  queryParams: (settings, values): QueryParam[] =>
    settings.enabled && via(settings) === 'query' && hasValues(values) ? [{ key: settings.name, value: gbdebugPayload(values) }] : [],
  carried: (settings, sent) => settings.enabled && (via(settings) === 'cookie' ? hasCookie(settings.name, sent) : hasParam(settings.name, sent)),
  refuse: refuseGbdebug,
};
