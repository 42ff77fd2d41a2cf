import type { Site } from '../config/schema';
import { coversHost } from '../config/hosts';
import { signingScopes } from '../overrides/hosts';
import { MAX_TOKEN_LIFETIME_SEC, type Signer } from '../overrides/signing';
import { prepareFor, preparesAny, queryParamsFor, refusalFor, requestHeadersFor, signsOverrides } from '../transports/registry';
import type { HeaderChange, QueryParam } from '../transports/types';
import type { TransportId } from '../transports/meta-registry';
import { MAX_TOKEN_LENGTH, signOverrides } from '../wire/v2';
import { WireError } from '../wire';
import { UsageError } from './errors';
import type { Values } from './values';

/**
 * What one request to a site carries for a set of overrides: the same transports, encoding and
 * host rules as the extension's session rules (lib/transports, lib/overrides/hosts), computed
 * per request host. A host the site does not list gets nothing, ever.
 */
export interface OverrideOptions {
  /** Signs wire v2 tokens when the site signs (its "signed" transport is on). */
  signer?: Signer;
  /** How long a signed token lives, in seconds (at most an hour, as the extension's). */
  ttlSec?: number;
  /** Secrets of transports that need one (the Vercel cookie's FLAGS_SECRET), by transport id. */
  secrets?: Partial<Record<TransportId, string>>;
  now?: () => number;
}

export interface RequestOverrides {
  /** The header changes for a request to `url`; none for a host the site does not list. */
  headersFor(url: string): Promise<HeaderChange[]>;
  /** Query parameters a page load on the site gets (the query transport), none when off. */
  queryParams: QueryParam[];
  /** Whether `url`'s host is one of the site's. */
  covers(url: string): boolean;
  /** When the site signs but no signer was given: why the server will ignore these overrides. */
  unsignedWarning?: string;
}

const DEFAULT_TTL_SEC = 15 * 60;

/** The site host pattern covering `url`'s host, if any (http, https, ws and wss only). */
export function siteScopeOf(site: Site, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!/^(https?|wss?):$/.test(parsed.protocol)) return undefined;
  return site.hosts.find((pattern) => coversHost(pattern, parsed.hostname));
}

/**
 * Plans the overrides for a site. Throws `UsageError` for values a transport refuses or a
 * transport whose secret is missing. Signed tokens are made per host scope and kept until a
 * minute before they expire.
 *
 * @example
 * const plan = await overridesFor(site, { 'new-checkout': true });
 * await plan.headersFor('https://shop.example.com/') // [{ header: 'X-Feature-Flags', operation: 'set', value: 'new-checkout=true' }]
 * await plan.headersFor('https://cdn.example.net/') // []
 */
export async function overridesFor(site: Site, values: Values, options: OverrideOptions = {}): Promise<RequestOverrides> {
  const now = options.now ?? Date.now;
  const ttlSec = Math.min(Math.max(1, Math.floor(options.ttlSec ?? DEFAULT_TTL_SEC)), MAX_TOKEN_LIFETIME_SEC);
  const empty = Object.keys(values).length === 0;
  const refusal = empty ? undefined : refusalFor(site.transports, values);
  if (refusal) throw new UsageError(`site "${site.id}": ${refusal}`);

  let prepared: Map<string, string> | undefined;
  if (!empty && preparesAny(site.transports)) {
    const expiresAt = now() + ttlSec * 1000;
    prepared = await prepareFor(site.transports, values, { expiresAt, now: now() }, async (id) => {
      const secret = options.secrets?.[id];
      if (!secret) throw new UsageError(`site "${site.id}" sends its overrides over the ${id} transport, which needs its secret: set FLAGTAB_SECRET_${id.toUpperCase()} (fixture: secrets: { ${id}: … }).`);
      return secret;
    });
  }
  const signs = signsOverrides(site.transports);
  const tokens = new Map<string, { token: string; exp: number }>();
  const scopes = signingScopes(site.hosts);

  async function tokenFor(host: string): Promise<string | undefined> {
    if (!signs || !options.signer) return undefined;
    const scope = scopes.find((s) => coversHost(s, host))!;
    const nowSec = Math.floor(now() / 1000);
    const kept = tokens.get(scope);
    if (kept && kept.exp - 60 > nowSec) return kept.token;
    const { signer } = options;
    let token: string;
    try {
      token = await signOverrides(values, { alg: signer.alg, key: signer.key, kid: signer.kid, sub: signer.sub, aud: scope, iat: nowSec, exp: nowSec + ttlSec });
    } catch (error) {
      if (error instanceof WireError || error instanceof TypeError) throw new UsageError(`site "${site.id}": ${error.message}`);
      throw error;
    }
    if (token.length > MAX_TOKEN_LENGTH) throw new UsageError(`signed, these overrides take ${token.length} characters; a header carries at most ${MAX_TOKEN_LENGTH}. Override fewer flags or use shorter values.`);
    tokens.set(scope, { token, exp: nowSec + ttlSec });
    return token;
  }

  return {
    covers: (url) => siteScopeOf(site, url) !== undefined,
    queryParams: empty ? [] : queryParamsFor(site.transports, values, { ...(prepared ? { prepared } : {}) }),
    ...(signs && !options.signer ? { unsignedWarning: `site "${site.id}" verifies signed overrides (wire v2): without a key file (FLAGTAB_KEY_FILE) or the team secret (FLAGTAB_TEAM_SECRET) only its unsigned transports are sent, which a strict server ignores.` } : {}),
    async headersFor(url) {
      if (empty) return [];
      const scope = siteScopeOf(site, url);
      if (scope === undefined) return [];
      const token = await tokenFor(new URL(url).hostname.toLowerCase());
      return requestHeadersFor(site.transports, values, { ...(token ? { token } : {}), ...(prepared ? { prepared } : {}) });
    },
  };
}

/**
 * A request's headers with the changes applied, as Chrome's modifyHeaders does: `set`
 * replaces, `append` joins to what is there (`; ` for Cookie, `, ` otherwise), `remove` drops.
 * Header names compare without case; the result's names are lower case.
 *
 * @example applyHeaderChanges({ cookie: 'sid=1' }, [{ header: 'Cookie', operation: 'append', value: 'flagtab=…' }]) // { cookie: 'sid=1; flagtab=…' }
 */
export function applyHeaderChanges(headers: Readonly<Record<string, string>>, changes: readonly HeaderChange[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  for (const change of changes) {
    const name = change.header.toLowerCase();
    if (change.operation === 'remove') delete out[name];
    else if (change.operation === 'set' || out[name] === undefined) out[name] = change.value ?? '';
    else out[name] = `${out[name]}${name === 'cookie' ? '; ' : ', '}${change.value ?? ''}`;
  }
  return out;
}

/** `url` with the query transport's parameters added or replaced. */
export function withQueryParams(url: string, params: readonly QueryParam[]): string {
  if (params.length === 0) return url;
  const parsed = new URL(url);
  for (const { key, value } of params) parsed.searchParams.set(key, value);
  return parsed.toString();
}
