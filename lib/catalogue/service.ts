import type { Site } from '../config/schema';
import type { CatalogueView } from './view';
import type { EtagStore } from '../providers/http';
import type { ConnectionDiagnosis } from '../providers/types';
import { CACHE_TICKETS_PREFIX, chunkKey, flagsFromChunks, ticketIndex, type CachedFlagsRef } from './cache-keys';
import { TicketIndexSchema, catalogueView, flagsKey, isInline, metaKey, metaOf, readCache, sourceKey } from './cache';
import type { CatalogueDeps, CatalogueFetcher, createCatalogueFetcher } from './fetcher';
import { retryOnce } from '../retry-once';

export type { CatalogueDeps } from './fetcher';

/** A cached catalogue younger than this is shown without a refresh behind it. */
export const FRESH_FOR_MS = 60_000;

export interface CatalogueServiceDeps extends CatalogueDeps {
  /**
   * The fetcher's factory (fetcher.ts), loaded when a catalogue must be fetched: the background
   * loads it with its work script; tests and Node pass `async () => createCatalogueFetcher`.
   */
  loadFetcher(): Promise<typeof createCatalogueFetcher>;
}

/**
 * A site's flag catalogue, from whichever provider the site names. Stale-while-revalidate:
 * `peek` answers from storage.local at once, `refresh` fetches behind it (one fetch per site
 * at a time) and keeps the last good flags, with the reason, when a fetch fails. Reading the
 * cache needs nothing heavy; only fetching loads the fetcher.
 */
export function createCatalogueService(deps: CatalogueServiceDeps) {
  const inflight = new Map<string, Promise<CatalogueView>>();
  /** Loaded once; a load that failed is not kept, so the next fetch tries again. */
  const loaded = retryOnce(async (): Promise<CatalogueFetcher> => (await deps.loadFetcher())(deps)).get;
  const refreshNow = async (site: Site) => (await loaded()).refreshNow(site);

  function refresh(site: Site): Promise<CatalogueView> {
    const running = inflight.get(site.id);
    if (running) return running;
    const promise = refreshNow(site).finally(() => inflight.delete(site.id));
    inflight.set(site.id, promise);
    return promise;
  }

  return {
    /**
     * What the popup shows at once: the cached catalogue, and whether it should be refreshed
     * behind it (none yet, or older than FRESH_FOR_MS). Never waits for the network, except
     * for a pasted flags file, which is parsed each time (that loads the fetcher).
     */
    async peek(site: Site, options: { firstChunk?: boolean } = {}): Promise<CatalogueView> {
      if (isInline(site)) return refreshNow(site);
      // With the first chunk: both in one read, instead of the popup reading it after this answer.
      const firstKey = chunkKey(flagsKey(site), 0);
      const records = await deps.local.get(options.firstChunk ? [metaKey(site), firstKey] : metaKey(site));
      const cached = metaOf(site, records);
      const stale = !cached || cached.fetchedAt === undefined || deps.now() - cached.fetchedAt > FRESH_FOR_MS || inflight.has(site.id);
      const answer = catalogueView(site, cached, stale);
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
      const stored = TicketIndexSchema().safeParse((await deps.local.get(key))[key]);
      const index = !isInline(site) && stored.success && stored.data.sourceKey === sourceKey(site.catalogue)
        ? stored.data.tickets
        : ticketIndex((await readCache(deps.local, site, true))?.flags ?? (isInline(site) ? (await refreshNow(site)).flags : []));
      // In catalogue order, as the index was written: the first overridden flag's ticket wins.
      const wanted = new Set(keys);
      return index.filter(([key]) => wanted.has(key)).map(([key, tickets]) => ({ key, tickets }));
    },
    /** The cached catalogue, fetching it first when there is none yet. */
    async get(site: Site): Promise<CatalogueView> {
      const cached = isInline(site) ? undefined : await readCache(deps.local, site, true);
      return cached ? catalogueView(site, cached, false) : refresh(site);
    },
    refresh,
    /**
     * "Test connection": one attempt per request, nothing cached, and a diagnosis that says
     * what to do. Uses the token given (typed but not yet saved) or the stored one.
     */
    testConnection: async (site: Site, token?: string): Promise<ConnectionDiagnosis> => (await loaded()).testConnection(site, token),
    /** Fetches and normalises, without the cache; throws ProviderError. */
    load: async (site: Site, etags: EtagStore, attempts?: number) => (await loaded()).load(site, etags, attempts),
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
