import type { Site } from '../config/schema';
import { own } from '../dict';
import { readEcho } from '../detect/echo';
import type { JsonValue } from '../json';
import { STATUS_HEADER_NAME } from '../wire/v2';
import { siteScopeOf } from './requests';

/**
 * Whether the site's server used an override, read from what its responses said: the echo header
 * (the values a response used, in the wire format) and, for signed overrides, the status header
 * (`accepted; …` or `rejected; reason=…`). The same reading the extension's popup does for a tab,
 * for a test's browser context.
 */
export interface SeenResponse {
  url: string;
  method: string;
  /** Header names in any case. */
  headers: Readonly<Record<string, string>>;
}

export type Honoured =
  | { pass: true; detail: string }
  | { pass: false; message: string };

/**
 * The verdict for `key` set to `expected`, from the responses the site's hosts sent since the
 * override was set (latest last). The latest response that echoes the key decides.
 */
export function honouredBy(site: Site, key: string, expected: JsonValue, responses: readonly SeenResponse[]): Honoured {
  const echoName = site.detection.echoHeader.name;
  const fromSite = responses.filter((r) => siteScopeOf(site, r.url) !== undefined);
  if (!site.detection.echoHeader.enabled) {
    return { pass: false, message: `site "${site.id}" has its echo header switched off in Flagtab: there is no way to tell whether the server used ${key}.` };
  }
  if (fromSite.length === 0) {
    return { pass: false, message: `no response from ${site.hosts.join(', ')} has arrived since ${key} was set: load a page of the site first.` };
  }
  let lastStatus: string | undefined;
  for (const response of [...fromSite].reverse()) {
    const headers = Object.entries(response.headers).map(([name, value]) => ({ name, value }));
    lastStatus ??= headers.find((h) => h.name.toLowerCase() === STATUS_HEADER_NAME.toLowerCase())?.value;
    const echo = readEcho({ url: response.url, method: response.method, timeStamp: 0, responseHeaders: headers }, echoName);
    if (!echo) continue;
    if ('error' in echo) return { pass: false, message: echo.error };
    const used = own(echo.values, key);
    if (used === undefined) continue;
    if (JSON.stringify(used) === JSON.stringify(expected)) return { pass: true, detail: `${echo.detail} used ${key}=${JSON.stringify(used)}` };
    const why = lastStatus?.startsWith('rejected') ? ` The server rejected the overrides (${STATUS_HEADER_NAME}: ${lastStatus}).` : '';
    return { pass: false, message: `the server ignored the override of ${key}: ${echo.detail} used ${JSON.stringify(used)}, not ${JSON.stringify(expected)}.${why}` };
  }
  const status = lastStatus ? ` (${STATUS_HEADER_NAME}: ${lastStatus})` : '';
  return { pass: false, message: `no response from ${site.hosts.join(', ')} echoed ${key} in ${echoName}${status}: the server does not say it used the flag. Add the echo header with @flagtab/server, or check the flag's key.` };
}
