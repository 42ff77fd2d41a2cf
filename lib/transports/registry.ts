import { cookieTransport } from './cookie';
import { headerTransport } from './header';
import type { TransportId } from './meta-registry';
import type { HeaderChange, OverrideTransport, OverrideValues, SentHeader, TransportSettings } from './types';

/** Every transport, in the order its header changes are applied. */
const TRANSPORTS: { [Id in TransportId]: OverrideTransport<Id> } = { header: headerTransport, cookie: cookieTransport };

/** A site's transport settings, as `TransportsSchema` reads them. */
export type TransportsSettings = Record<TransportId, TransportSettings>;

/** The request-header changes that carry one tab's overrides over every transport the site has on. */
export function requestHeadersFor(settings: TransportsSettings, values: OverrideValues): HeaderChange[] {
  return (Object.keys(TRANSPORTS) as TransportId[]).flatMap((id) => TRANSPORTS[id].requestHeaders(settings[id], values));
}

/**
 * Whether a request's headers (as sent) carry the site's overrides, in any transport.
 *
 * @example carriedBy(transports, [{ name: 'x-feature-flags', value: 'a=true' }]) // true
 */
export function carriedBy(settings: TransportsSettings, sent: readonly SentHeader[] | undefined): boolean {
  return (Object.keys(TRANSPORTS) as TransportId[]).some((id) => TRANSPORTS[id].carried(settings[id], sent ?? []));
}
