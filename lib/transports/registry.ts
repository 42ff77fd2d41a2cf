import { cookieTransport } from './cookie';
import { growthbookTransport } from './growthbook';
import { eppoTransport } from './eppo';
import { headerTransport } from './header';
import { markerTransport } from './marker';
import { queryTransport, withoutQueryParams } from './query';
import { signedTransport } from './signed';
import { vercelTransport } from './vercel';
import { TRANSPORT_METAS, type TransportId } from './meta-registry';
import type { HeaderChange, OverrideTransport, OverrideValues, PrepareInput, QueryParam, RequestContext, SentHeader, TransportSettings } from './types';

/** Every transport, in the order its changes are applied. */
const TRANSPORTS: { [Id in TransportId]: OverrideTransport<Id, never> } = {
  header: headerTransport, cookie: cookieTransport, signed: signedTransport, query: queryTransport, marker: markerTransport, growthbook: growthbookTransport, eppo: eppoTransport, vercel: vercelTransport,
};

/**
 * A site's transport settings, as `TransportsSchema` reads them. Only `header` and `cookie` must
 * be there (settings written before the others existed, and callers that never use them): a
 * missing one is off.
 */
export type TransportsSettings = { header: TransportSettings; cookie: TransportSettings } & {
  [Id in Exclude<TransportId, 'header' | 'cookie'>]?: TransportSettings & Record<string, unknown>;
};

const ids = TRANSPORT_METAS.map((m) => m.id) as TransportId[];

/** Each transport switched on, with its own settings. */
function active(settings: TransportsSettings): [OverrideTransport<TransportId, TransportSettings>, TransportSettings][] {
  return ids.flatMap((id) => {
    const own = settings[id];
    return own?.enabled ? [[TRANSPORTS[id] as unknown as OverrideTransport<TransportId, TransportSettings>, own] as const] : [];
  }) as [OverrideTransport<TransportId, TransportSettings>, TransportSettings][];
}

/** The request-header changes that carry one tab's overrides over every transport the site has on. */
export function requestHeadersFor(settings: TransportsSettings, values: OverrideValues, context: RequestContext = {}): HeaderChange[] {
  return active(settings).flatMap(([transport, own]) => transport.requestHeaders(own, values, context));
}

/** The query parameters the tab's page loads on the site get (none when no transport adds any). */
export function queryParamsFor(settings: TransportsSettings, values: OverrideValues, context: RequestContext = {}): QueryParam[] {
  return active(settings).flatMap(([transport, own]) => transport.queryParams?.(own, values, context) ?? []);
}

/**
 * Runs every active transport's slow step (encryption) for one tab and site. `secretOf` gives a
 * transport's stored secret. The result goes to the planner as `context.prepared`.
 */
export async function prepareFor(
  settings: TransportsSettings, values: OverrideValues, clock: Omit<PrepareInput, 'secret'>,
  secretOf: (id: TransportId) => Promise<string | undefined>,
): Promise<Map<string, string>> {
  const prepared = new Map<string, string>();
  for (const [transport, own] of active(settings)) {
    if (!transport.prepare) continue;
    const made = await transport.prepare(own, values, { ...clock, secret: await secretOf(transport.id) });
    if (made !== undefined) prepared.set(transport.id, made);
  }
  return prepared;
}

/** Whether any active transport prepares (so the engine must call `prepareFor`). */
export function preparesAny(settings: TransportsSettings): boolean {
  return active(settings).some(([transport]) => transport.prepare !== undefined);
}

/** Why these values cannot travel over one of the site's transports, or undefined. */
export function refusalFor(settings: TransportsSettings, values: OverrideValues): string | undefined {
  for (const [transport, own] of active(settings)) {
    const why = transport.refuse?.(own, values);
    if (why) return why;
  }
  return undefined;
}

/** Whether the site signs its overrides (wire v2): the signed transport is on. */
export function signsOverrides(settings: TransportsSettings): boolean {
  return settings.signed?.enabled === true;
}

/**
 * Whether a request (its headers as sent, and its URL) carries the site's overrides, in any transport.
 *
 * @example carriedBy(transports, [{ name: 'x-feature-flags', value: 'a=true' }]) // true
 */
export function carriedBy(settings: TransportsSettings, sent: readonly SentHeader[] | undefined, url?: string): boolean {
  return active(settings).some(([transport, own]) => transport.carried(own, { headers: sent ?? [], url }));
}

/** The site's transports that are on and need a secret (their meta declares one), with its name. */
export function secretsNeeded(settings: TransportsSettings): { id: TransportId; label: string; secret: string }[] {
  return TRANSPORT_METAS.flatMap((meta) => (meta.secret && settings[meta.id]?.enabled ? [{ id: meta.id, label: meta.label, secret: meta.secret.label }] : []));
}

/** Why `secret` cannot serve transport `id` (the options page says it at Save), or undefined. */
export function secretRefusal(id: TransportId, secret: string): string | undefined {
  return (TRANSPORTS[id] as unknown as OverrideTransport).checkSecret?.(secret);
}

/**
 * The address to load when the tab has no overrides left on the site but its address still
 * carries the query transport's parameters (undefined: a plain reload is right).
 */
export function addressWithoutOverrides(settings: TransportsSettings, url: string): string | undefined {
  return settings.query ? withoutQueryParams(settings.query as Parameters<typeof withoutQueryParams>[0], url) : undefined;
}
