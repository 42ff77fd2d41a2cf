import type { JsonValue } from '../json';

/**
 * What every override transport is: how a tab's overrides travel to the site's servers. One
 * folder per transport (`header/`, `cookie/`), each with a zod-free `meta.ts` the options page
 * may read, its settings' schema (`settings.ts`) and its behaviour (`index.ts`), registered in
 * `registry.ts`. Today every transport changes request headers (declarativeNetRequest's
 * modifyHeaders); a transport that redirects (a query parameter) or writes in the page would
 * add its own kind of effect here.
 */

/** The values of one tab's overrides on one site. */
export type OverrideValues = Readonly<Record<string, JsonValue>>;

/** One request-header change, as declarativeNetRequest's modifyHeaders action takes it. */
export interface HeaderChange {
  header: string;
  operation: 'set' | 'append' | 'remove';
  value?: string;
}

/** A request header as the browser reports it sent (webRequest.onSendHeaders). */
export interface SentHeader {
  name: string;
  value?: string;
}

/** Every transport's settings: it can be switched off, and it has a name on the wire. */
export interface TransportSettings {
  enabled: boolean;
  name: string;
}

/** Words and defaults for the options page: no zod, no behaviour. */
export interface TransportMeta<Id extends string = string> {
  id: Id;
  /** "Header transport": the switch's label. */
  label: string;
  /** "Header name": the name field's label. */
  nameLabel: string;
  /** "header": how the site card lists it ("Header X-Feature-Flags"). */
  summary: string;
  defaults: TransportSettings;
}

/** What some transports need beyond the values: the signed transport, its token. */
export interface RequestContext {
  /** The wire v2 token the background signed for the rule's host, when the site has a key. */
  token?: string;
}

export interface OverrideTransport<Id extends string = string> {
  id: Id;
  /** The request-header changes that carry `values`, or none when switched off. */
  requestHeaders(settings: TransportSettings, values: OverrideValues, context?: RequestContext): HeaderChange[];
  /** Whether a request, as sent, carried overrides through this transport. */
  carried(settings: TransportSettings, sent: readonly SentHeader[]): boolean;
}
