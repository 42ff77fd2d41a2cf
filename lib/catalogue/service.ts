import { z } from 'zod';
import { DictSchema } from '../dict-schema';
import { dict, own } from '../dict';
import type { Site } from '../config/schema';
import { catalogueOrigin, type CatalogueSource } from '../providers/sources';
import { FlagTypeSchema, type Flag } from '../flags/flag';
import type { CatalogueView } from './view';
import { createHttpClient, type CachedResponse, type EtagStore } from '../providers/http';
import { ProviderError } from '../providers/errors';
import { explainFailure } from '../providers/diagnosis';
import { finishFlags } from '../providers/normalise';
import { providerFor } from '../providers/registry';
import type { CatalogueProgress, ConnectionDiagnosis, FlagProvider } from '../providers/types';
import type { SecretSlot, TokenLookup } from '../secrets/store';
import { PROGRESS_PREFIX } from './progress';
import { CACHE_FLAGS_PREFIX, CACHE_META_PREFIX, CACHE_TICKETS_PREFIX, chunkKey, chunkKeys, flagsFromChunks, ticketIndex, toChunks, type CachedFlagsRef } from './cache-keys';
import { STORED } from '../storage/keys';

/** A cached catalogue younger than this is shown without a refresh behind it. */
export const FRESH_FOR_MS = 60_000;

/**
 * v3 keeps each remembered body as JSON text: storage.local gives objects back with their keys
 * sorted, so a body kept as an object (v2) came back re-ordered, and a flagd file's flags, an
 * object, were listed alphabetically after the first 304. v2 records are not read: the next
 * refresh is one full fetch.
 */
const ETAGS_PREFIX = STORED.catalogueEtags.prefix;

/**
 * The cache record. Its flags were checked against FlagSchema by finishFlags before they were
 * written, and only Flagtab writes this key (bump CACHE_PREFIX when the Flag shape changes), so
 * reading checks the envelope and each flag's key and type, not every field again: re-validating
 * 10,000 flags on every popup open would cost more than the rest of opening it.
 */
const CachedMetaSchema = z.object({
  /** The source the flags came from; a changed source makes the cache useless. */
  sourceKey: z.string(),
  fetchedAt: z.number().optional(),
  warnings: z.array(z.string()),
  error: z.string().optional(),
  /** How many chunks of flags (see cache-keys.ts) the last good catalogue was written in. */
  chunks: z.number().int().nonnegative().default(0),
});
const CachedFlagsSchema = z.object({
  sourceKey: z.string(),
  flags: z.array(z.looseObject({ key: z.string(), type: FlagTypeSchema })).transform((flags) => flags as unknown as Flag[]),
});
const TicketIndexSchema = z.object({ sourceKey: z.string(), tickets: z.array(z.tuple([z.string(), z.array(z.string())])) });

type CachedCatalogue = z.infer<typeof CachedMetaSchema> & { flags: Flag[] };

/** Answers kept for If-None-Match, apart from the flags so that opening the popup never reads them. */
const EtagRecordSchema = z.object({ sourceKey: z.string(), entries: DictSchema(z.object({ etag: z.string(), json: z.string() })) });

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
 * A site's flag catalogue, from whichever provider the site names. Stale-while-revalidate:
 * `peek` answers from storage.local at once, `refresh` fetches behind it (one fetch per site
 * at a time) and keeps the last good flags, with the reason, when a fetch fails.
 */
export function createCatalogueService(deps: CatalogueDeps) {
  const metaKey = (site: Site) => CACHE_META_PREFIX + site.id;
  const flagsKey = (site: Site) => CACHE_FLAGS_PREFIX + site.id;
  const inflight = new Map<string, Promise<CatalogueView>>();

  /** The cache's small record from storage records, if it is there and for the site's source (no flags). */
  function metaOf(site: Site, records: Record<string, unknown>): CachedCatalogue | undefined {
    const meta = CachedMetaSchema.safeParse(records[metaKey(site)]);
    return meta.success && meta.data.sourceKey === sourceKey(site.catalogue) ? { ...meta.data, flags: [] } : undefined;
  }
  /** The cache's small record; with `withFlags`, the flags too (the popup reads those itself). */
  async function readCache(site: Site, withFlags: boolean): Promise<CachedCatalogue | undefined> {
    const source = sourceKey(site.catalogue);
    const meta = metaOf(site, await deps.local.get(metaKey(site)));
    if (!meta || !withFlags) return meta;
    const ref = { storageKey: flagsKey(site), sourceKey: source, chunks: meta.chunks };
    const records = await deps.local.get(chunkKeys(ref));
    const flags: Flag[] = [];
    for (const key of chunkKeys(ref)) {
      const chunk = CachedFlagsSchema.safeParse(records[key]);
      if (!chunk.success || chunk.data.sourceKey !== source) return undefined;
      flags.push(...chunk.data.flags);
    }
    return { ...meta, flags };
  }

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

  async function readEtags(site: Site): Promise<Record<string, CachedResponse>> {
    const key = ETAGS_PREFIX + site.id;
    const parsed = EtagRecordSchema.safeParse((await deps.local.get(key))[key]);
    if (!parsed.success || parsed.data.sourceKey !== sourceKey(site.catalogue)) return dict<CachedResponse>();
    // Keyed by request URL (Flagtab's own, from the site's source), in a null-prototype record.
    const entries = dict<CachedResponse>();
    for (const [url, { etag, json }] of Object.entries(parsed.data.entries)) entries[url] = { etag, body: JSON.parse(json) };
    return entries;
  }

  async function refreshNow(site: Site): Promise<CatalogueView> {
    // Only the small record and the ETags: the previous flags are read back only if this fetch fails.
    const [previous, known] = await Promise.all([readCache(site, false), isInline(site) ? dict<CachedResponse>() : readEtags(site)]);
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
      const last = isInline(site) ? undefined : await readCache(site, true);
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
      return view(site, kept, false);
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
    return view(site, next, false);
  }

  function refresh(site: Site): Promise<CatalogueView> {
    const running = inflight.get(site.id);
    if (running) return running;
    const promise = refreshNow(site).finally(() => inflight.delete(site.id));
    inflight.set(site.id, promise);
    return promise;
  }

  async function publish(site: Site, progress: CatalogueProgress & { message?: string }) {
    await deps.session?.set({ [PROGRESS_PREFIX + site.id]: progress });
  }

  function view(site: Site, cached: CachedCatalogue | undefined, needsRefresh: boolean): CatalogueView {
    const provider = providerFor(site.catalogue.provider) as FlagProvider;
    const base: CatalogueView = {
      provider: site.catalogue.provider,
      providerLabel: provider.label,
      listsVariants: provider.listsVariants,
      environment: 'environment' in site.catalogue ? site.catalogue.environment : undefined,
      flags: cached?.flags ?? [],
      warnings: cached?.warnings ?? [],
      needsRefresh,
    };
    if (cached?.fetchedAt !== undefined) base.fetchedAt = cached.fetchedAt;
    if (cached?.error !== undefined) base.error = cached.error;
    if (base.environment === undefined) delete base.environment;
    return base;
  }

  return {
    /**
     * What the popup shows at once: the cached catalogue, and whether it should be refreshed
     * behind it (none yet, or older than FRESH_FOR_MS). Never waits for the network.
     */
    async peek(site: Site, options: { firstChunk?: boolean } = {}): Promise<CatalogueView> {
      if (isInline(site)) return refreshNow(site);
      // With the first chunk: both in one read, instead of the popup reading it after this answer.
      const firstKey = chunkKey(flagsKey(site), 0);
      const records = await deps.local.get(options.firstChunk ? [metaKey(site), firstKey] : metaKey(site));
      const cached = metaOf(site, records);
      const stale = !cached || cached.fetchedAt === undefined || deps.now() - cached.fetchedAt > FRESH_FOR_MS || inflight.has(site.id);
      const answer = view(site, cached, stale);
      // A failed first fetch leaves no flags to read: then there is nothing to point at.
      if (!cached || cached.chunks === 0) return answer;
      const ref: CachedFlagsRef = { storageKey: flagsKey(site), sourceKey: cached.sourceKey, chunks: cached.chunks };
      // Not validated again: finishFlags checked them before they were written.
      const first = options.firstChunk ? flagsFromChunks(records, ref, 0, 1) : undefined;
      if (first) {
        answer.flags = first;
        ref.firstIncluded = true;
      }
      answer.cachedFlags = ref;
      return answer;
    },
    /**
     * The tickets of these flags, in catalogue order, from the cached catalogue's ticket index (no flag is read);
     * from the catalogue itself for a pasted file or a cache written before the index existed.
     */
    async ticketsOf(site: Site, keys: readonly string[]): Promise<{ key: string; tickets: string[] }[]> {
      if (!keys.length) return [];
      const key = CACHE_TICKETS_PREFIX + site.id;
      const stored = TicketIndexSchema.safeParse((await deps.local.get(key))[key]);
      const index = !isInline(site) && stored.success && stored.data.sourceKey === sourceKey(site.catalogue)
        ? stored.data.tickets
        : ticketIndex((await readCache(site, true))?.flags ?? (isInline(site) ? (await refreshNow(site)).flags : []));
      // In catalogue order, as the index was written: the first overridden flag's ticket wins.
      const wanted = new Set(keys);
      return index.filter(([key]) => wanted.has(key)).map(([key, tickets]) => ({ key, tickets }));
    },
    /** The cached catalogue, fetching it first when there is none yet. */
    async get(site: Site): Promise<CatalogueView> {
      const cached = isInline(site) ? undefined : await readCache(site, true);
      return cached ? view(site, cached, false) : refresh(site);
    },
    refresh,
    /**
     * "Test connection": one attempt per request, nothing cached, and a diagnosis that says
     * what to do. Uses the token given (typed but not yet saved) or the stored one.
     */
    async testConnection(site: Site, token?: string): Promise<ConnectionDiagnosis> {
      const provider = providerFor(site.catalogue.provider) as FlagProvider;
      const secrets: CatalogueDeps['secrets'] = token === undefined ? deps.secrets : { tokenFor: async () => (token ? { token } : undefined) };
      const probe = createCatalogueService({ ...deps, secrets, session: undefined });
      try {
        const loaded = await probe.load(site, { get: () => undefined, set: () => undefined }, 2);
        const where = 'environment' in site.catalogue ? ` in ${site.catalogue.environment}` : '';
        const notes = loaded.warnings.length ? ` ${loaded.warnings.length} flag(s) had problems; the popup lists them.` : '';
        return { ok: true, flagCount: loaded.flags.length, message: `Connected to ${provider.label}: ${loaded.flags.length} flag(s)${where}.${notes}` };
      } catch (error) {
        return { ok: false, message: explainFailure(error, provider, site.catalogue) };
      }
    },
    load,
  };
}

function mergeWarnings(adapter: string[], finished: { flags: Flag[]; warnings: string[] }) {
  return { flags: finished.flags, warnings: [...adapter, ...finished.warnings] };
}

function isInline(site: Site): boolean {
  return site.catalogue.provider === 'flags-file' && site.catalogue.inline !== undefined;
}

function sourceKey(source: CatalogueSource): string {
  return JSON.stringify(source);
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

export type CatalogueService = ReturnType<typeof createCatalogueService>;
