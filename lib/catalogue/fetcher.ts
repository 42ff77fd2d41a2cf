import { z } from '../zod';
import { dict, own, type Dict } from '../dict';
import type { Site } from '../config/schema';
import { catalogueOrigin } from '../providers/sources';
import type { Flag } from '../flags/flag';
import type { CatalogueView } from './view';
import { createHttpClient, type CachedResponse, type EtagStore } from '../providers/http';
import { ProviderError } from '../providers/errors';
import { explainFailure } from '../providers/diagnosis';
import { finishFlags } from '../providers/normalise';
import { providerFor } from '../providers/registry';
import type { CatalogueProgress, ConnectionDiagnosis, FlagProvider } from '../providers/types';
import type { SecretSlot, TokenLookup } from '../secrets/store';
import { PROGRESS_PREFIX } from './progress';
import { CACHE_TICKETS_PREFIX, chunkKey, chunkKeys, ticketIndex, toChunks } from './cache-keys';
import { catalogueView, flagsKey, isInline, metaKey, readCache, sourceKey, type CachedCatalogue } from './cache';
import { STORED } from '../storage/keys';

/**
 * v3 keeps each remembered body as JSON text: storage.local gives objects back with their keys
 * sorted, so a body kept as an object (v2) came back re-ordered, and a flagd file's flags, an
 * object, were listed alphabetically after the first 304. v2 records are not read: the next
 * refresh is one full fetch.
 */
const ETAGS_PREFIX = STORED.catalogueEtags.prefix;

/** Answers kept for If-None-Match, apart from the flags so that opening the popup never reads them. */
const EtagRecordSchema = z.object({ sourceKey: z.string(), entries: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null, 'must be an object') });
const EtagEntrySchema = z.object({ etag: z.string(), json: z.string() });

interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove?(keys: string | string[]): Promise<void>;
}

export interface CatalogueDeps {
  local: StorageArea;
  /** Where a long load's progress is published for the popup (storage.session). */
  session?: StorageArea;
  fetch: typeof fetch;
  now(): number;
  secrets?: { tokenFor(siteId: string, slot: SecretSlot, origin: string): Promise<TokenLookup> };
  /** Whether Flagtab may fetch from an origin pattern ("https://host/*"). */
  hasHostAccess?(origin: string): Promise<boolean>;
  sleep?(ms: number): Promise<void>;
  timeoutMs?: number;
}

/**
 * Fetching a site's catalogue from its provider, normalising it and writing the cache that
 * cache.ts reads. Heavy (every provider adapter, HTTP, normalising): the background loads it
 * with its work script, only when a catalogue must be fetched or a connection tested.
 */
export function createCatalogueFetcher(deps: CatalogueDeps) {
  function client(site: Site, provider: FlagProvider, token: string | undefined, etags: EtagStore, attempts?: number) {
    const origin = catalogueOrigin(site.catalogue) ?? 'null';
    return createHttpClient({
      fetch: deps.fetch,
      origin,
      headers: provider.authHeaders({ source: site.catalogue as never, token }),
      errorMessage: providerErrorMessage,
      etags,
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(attempts ? { maxAttempts: attempts } : {}),
      onRetry: ({ status, waitMs }) =>
        void publish(site, { loaded: 0, message: `${status === 429 ? 'The provider asked Flagtab to slow down' : 'Retrying'}; waiting ${Math.ceil(waitMs / 1000)} s…` }),
    });
  }

  /** Fetches and normalises; throws ProviderError. */
  async function load(site: Site, etags: EtagStore, attempts?: number) {
    const provider = providerFor(site.catalogue.provider) as FlagProvider;
    const origin = catalogueOrigin(site.catalogue);
    if (origin && deps.hasHostAccess && !(await deps.hasHostAccess(`${origin.replace(/:\d+$/, '')}/*`))) {
      throw new ProviderError('host-not-permitted', `Flagtab may not reach ${origin} yet.`);
    }
    const token = await tokenFor(site, origin);
    if (provider.tokenRequired && !token) {
      throw new ProviderError('token-missing', `No ${provider.label} token is stored for ${site.name}.`);
    }
    const raw = await provider.fetchCatalogue({
      source: site.catalogue as never,
      token,
      http: client(site, provider, token, etags, attempts),
      onProgress: (progress) => void publish(site, progress),
    });
    return { provider, ...mergeWarnings(raw.warnings, finishFlags(raw.flags, { ticketPattern: site.ticketPattern })) };
  }

  /** The stored token, refusing one saved for another address (see lib/secrets/store.ts). */
  async function tokenFor(site: Site, origin: string | undefined): Promise<string | undefined> {
    const found = origin ? await deps.secrets?.tokenFor(site.id, 'catalogue', origin) : undefined;
    if (found && 'savedFor' in found) {
      throw new ProviderError(
        'token-missing',
        `The stored token was saved for ${found.savedFor}, but ${site.name} now reads its flags from ${origin}; Flagtab does not send a token to an address it was not saved for.`,
      );
    }
    return found?.token;
  }

  async function readEtags(site: Site): Promise<Dict<CachedResponse>> {
    const key = ETAGS_PREFIX + site.id;
    const parsed = EtagRecordSchema.safeParse((await deps.local.get(key))[key]);
    if (!parsed.success || parsed.data.sourceKey !== sourceKey(site.catalogue)) return dict<CachedResponse>();
    // Keyed by request URL (Flagtab's own, from the site's source), in a null-prototype record.
    const entries = dict<CachedResponse>();
    for (const [url, raw] of Object.entries(parsed.data.entries)) {
      const entry = EtagEntrySchema.safeParse(raw);
      if (entry.success) entries[url] = { etag: entry.data.etag, body: JSON.parse(entry.data.json) };
    }
    return entries;
  }

  /** Fetches the site's catalogue now and caches it; a failure keeps the last good flags, with the reason. */
  async function refreshNow(site: Site): Promise<CatalogueView> {
    // Only the small record and the ETags: the previous flags are read back only if this fetch fails.
    const [previous, known] = await Promise.all([readCache(deps.local, site, false), isInline(site) ? dict<CachedResponse>() : readEtags(site)]);
    const fresh = dict<CachedResponse>(); // keyed by URLs the provider's pages named
    const etags: EtagStore = {
      get: (url) => own(known, url),
      set: (url, response) => void (fresh[url] = response),
    };
    const provider = providerFor(site.catalogue.provider) as FlagProvider;
    let loaded: Awaited<ReturnType<typeof load>>;
    try {
      loaded = await load(site, etags);
    } catch (error) {
      // The last good catalogue stays, with the reason; its flags are already stored as they are.
      const last = isInline(site) ? undefined : await readCache(deps.local, site, true);
      const kept: CachedCatalogue = {
        sourceKey: sourceKey(site.catalogue),
        flags: last?.flags ?? [],
        warnings: last?.warnings ?? [],
        fetchedAt: last?.fetchedAt,
        chunks: last?.chunks ?? 0,
        error: explainFailure(error, provider, site.catalogue),
      };
      if (!isInline(site)) {
        const { flags: _same, ...meta } = kept;
        await deps.local.set({ [metaKey(site)]: meta });
      }
      return catalogueView(site, kept, false);
    } finally {
      await deps.session?.remove?.(PROGRESS_PREFIX + site.id);
    }
    const chunks = toChunks(loaded.flags);
    const next: CachedCatalogue = { sourceKey: sourceKey(site.catalogue), flags: loaded.flags, warnings: loaded.warnings, fetchedAt: deps.now(), chunks: chunks.length };
    if (!isInline(site)) {
      const { flags: _written, ...meta } = next;
      const entries = Object.fromEntries(Object.entries(fresh).map(([url, r]) => [url, { etag: r.etag, json: JSON.stringify(r.body) }]));
      const records: Record<string, unknown> = { [metaKey(site)]: meta, [ETAGS_PREFIX + site.id]: { sourceKey: next.sourceKey, entries } };
      chunks.forEach((chunk, i) => (records[chunkKey(flagsKey(site), i)] = { sourceKey: next.sourceKey, flags: chunk }));
      records[CACHE_TICKETS_PREFIX + site.id] = { sourceKey: next.sourceKey, tickets: ticketIndex(loaded.flags) };
      await deps.local.set(records);
      // Chunks beyond the new count belong to a bigger catalogue of before.
      const stale = chunkKeys({ storageKey: flagsKey(site), sourceKey: next.sourceKey, chunks: previous?.chunks ?? 0 }, chunks.length);
      if (stale.length) await deps.local.remove?.(stale);
    }
    return catalogueView(site, next, false);
  }

  async function publish(site: Site, progress: CatalogueProgress & { message?: string }) {
    await deps.session?.set({ [PROGRESS_PREFIX + site.id]: progress });
  }

  /**
   * "Test connection": one attempt per request, nothing cached, and a diagnosis that says
   * what to do. Uses the token given (typed but not yet saved) or the stored one.
   */
  async function testConnection(site: Site, token?: string): Promise<ConnectionDiagnosis> {
    const provider = providerFor(site.catalogue.provider) as FlagProvider;
    const secrets: CatalogueDeps['secrets'] = token === undefined ? deps.secrets : { tokenFor: async () => (token ? { token } : undefined) };
    const probe = createCatalogueFetcher({ ...deps, secrets, session: undefined });
    try {
      const loaded = await probe.load(site, { get: () => undefined, set: () => undefined }, 2);
      const where = 'environment' in site.catalogue ? ` in ${site.catalogue.environment}` : '';
      const notes = loaded.warnings.length ? ` ${loaded.warnings.length} flag(s) had problems; the popup lists them.` : '';
      return { ok: true, flagCount: loaded.flags.length, message: `Connected to ${provider.label}: ${loaded.flags.length} flag(s)${where}.${notes}` };
    } catch (error) {
      return { ok: false, message: explainFailure(error, provider, site.catalogue) };
    }
  }

  return { refreshNow, load, testConnection };
}

export type CatalogueFetcher = ReturnType<typeof createCatalogueFetcher>;

function mergeWarnings(adapter: string[], finished: { flags: Flag[]; warnings: string[] }) {
  return { flags: finished.flags, warnings: [...adapter, ...finished.warnings] };
}

/** The human message in the error bodies the providers document. */
function providerErrorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' ? body : undefined;
  const b = body as Record<string, unknown>;
  for (const field of ['message', 'detail', 'errorDetails', 'error_description', 'error']) {
    if (typeof b[field] === 'string' && b[field]) return b[field];
  }
  return undefined;
}
