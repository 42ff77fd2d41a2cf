import type { JsonValue } from '../json';

/**
 * What every override transport is: how a tab's overrides travel to the site's servers. One
 * folder per transport (`header/`, `cookie/`, `query/`…), each with a zod-free `meta.ts` the
 * options page may read, its settings' schema (`settings.ts`) and its behaviour (`index.ts`),
 * registered in `registry.ts`. A transport changes request headers (declarativeNetRequest's
 * modifyHeaders), adds query parameters to the tab's page loads (a redirect with a
 * queryTransform), or both; one that needs a secret or a slow step (encryption, signing) does it
 * in `prepare`, before the rules are planned.
 */

/** The values of one tab's overrides on one site. */
export type OverrideValues = Readonly<Record<string, JsonValue>>;

/** One request-header change, as declarativeNetRequest's modifyHeaders action takes it. */
export interface HeaderChange {
  header: string;
  operation: 'set' | 'append' | 'remove';
  value?: string;
}

/** One query parameter added to (or replaced in) the tab's page loads on the site. */
export interface QueryParam {
  key: string;
  value: string;
}

/** A request header as the browser reports it sent (webRequest.onSendHeaders). */
export interface SentHeader {
  name: string;
  value?: string;
}

/** A request as the browser reports it sent: its headers and its URL. */
export interface SentRequest {
  headers: readonly SentHeader[];
  url?: string;
}

/** Every transport's settings: it can be switched off, and it has a name on the wire. */
export interface TransportSettings {
  enabled: boolean;
  name: string;
}

/** A setting beyond `enabled` and `name`, for the options form (its value is a string). */
export interface TransportField {
  key: string;
  label: string;
  /** A select offers `options`; text is typed. */
  kind: 'text' | 'select';
  options?: readonly { value: string; label: string }[];
  hint?: string;
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
  /** What the app must do for this transport to work, and what it cannot do (under the switch). */
  hint?: string;
  defaults: TransportSettings & Record<string, string | boolean>;
  /** Settings beyond enabled and name, in the order the form shows them. */
  fields?: readonly TransportField[];
  /**
   * A secret the transport needs (kept in storage.local, never in the configuration), with
   * what it unlocks in words the options page shows beside the field.
   */
  secret?: {
    label: string;
    hint: string;
    /**
     * A provider whose catalogue token is this same secret (the Vercel discovery endpoint's
     * FLAGS_SECRET): a site on that provider uses its catalogue token when the transport has
     * none of its own, so the person pastes it once.
     */
    sameAsCatalogueOf?: string;
  };
}

/** What some transports need beyond the values. */
export interface RequestContext {
  /** The wire v2 token the background signed for the rule's host, when the site has a key. */
  token?: string;
  /** What each transport's `prepare` made for this tab and site, by transport id. */
  prepared?: ReadonlyMap<string, string>;
}

/** What `prepare` gets: the transport's secret (if it has one stored) and the overrides' clock. */
export interface PrepareInput {
  secret?: string;
  /** When the tab's overrides expire (ms since the epoch). */
  expiresAt: number;
  now: number;
}

export interface OverrideTransport<Id extends string = string, Settings extends TransportSettings = TransportSettings> {
  id: Id;
  /** The request-header changes that carry `values`, or none when switched off. */
  requestHeaders(settings: Settings, values: OverrideValues, context?: RequestContext): HeaderChange[];
  /** Query parameters the tab's page loads (main frame) get on the site's hosts; none when off. */
  queryParams?(settings: Settings, values: OverrideValues, context?: RequestContext): QueryParam[];
  /** Whether a request, as sent, carried overrides through this transport. */
  carried(settings: Settings, sent: SentRequest): boolean;
  /**
   * The slow part (encryption), done before planning: its result reaches `requestHeaders` as
   * `context.prepared.get(id)`. The same input gives the same output, so the rules of a tab
   * whose overrides did not change stay as they are. Undefined: nothing to send (no secret).
   */
  prepare?(settings: Settings, values: OverrideValues, input: PrepareInput): Promise<string | undefined>;
  /** Why a typed secret cannot work (the options page shows it at Save), or undefined. */
  checkSecret?(secret: string): string | undefined;
  /** Why these values cannot travel this way (shown when the tester sets one), or undefined. */
  refuse?(settings: Settings, values: OverrideValues): string | undefined;
}
