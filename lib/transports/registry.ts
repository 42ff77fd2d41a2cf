import { cookieTransport } from './cookie';
import { headerTransport } from './header';
import { signedTransport } from './signed';
import type { TransportId } from './meta-registry';
import type { HeaderChange, OverrideTransport, OverrideValues, RequestContext, SentHeader, TransportSettings } from './types';

/** Every transport, in the order its header changes are applied. */
const TRANSPORTS: { [Id in TransportId]: OverrideTransport<Id> } = { header: headerTransport, cookie: cookieTransport, signed: signedTransport };

/**
 * A site's transport settings, as `TransportsSchema` reads them. `signed` may be missing (settings
 * written before it existed, and callers that never sign): then it is off.
 */
export type TransportsSettings = Record<Exclude<TransportId, 'signed'>, TransportSettings> & { signed?: TransportSettings };

const ids = Object.keys(TRANSPORTS) as TransportId[];

/** The request-header changes that carry one tab's overrides over every transport the site has on. */
export function requestHeadersFor(settings: TransportsSettings, values: OverrideValues, context: RequestContext = {}): HeaderChange[] {
  return ids.flatMap((id) => {
    const own = settings[id];
    return own ? TRANSPORTS[id].requestHeaders(own, values, context) : [];
  });
}

/** Whether the site signs its overrides (wire v2): the signed transport is on. */
export function signsOverrides(settings: TransportsSettings): boolean {
  return settings.signed?.enabled === true;
}

/**
 * Whether a request's headers (as sent) carry the site's overrides, in any transport.
 *
 * @example carriedBy(transports, [{ name: 'x-feature-flags', value: 'a=true' }]) // true
 */
export function carriedBy(settings: TransportsSettings, sent: readonly SentHeader[] | undefined): boolean {
  return ids.some((id) => {
    const own = settings[id];
    return own !== undefined && TRANSPORTS[id].carried(own, sent ?? []);
  });
}
