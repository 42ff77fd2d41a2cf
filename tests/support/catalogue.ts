import { createCatalogueService } from '../../lib/catalogue/service';
import { createCatalogueFetcher } from '../../lib/catalogue/fetcher';
import type { CatalogueSource } from '../../lib/providers/sources';
import { SiteSchema, type Site } from '../../lib/config/schema';

/** storage.local / storage.session stand-in that keeps values in a Map. */
export function memoryStorage(options: { quotaBytes?: number } = {}) {
  const items = new Map<string, unknown>();
  const encoder = new TextEncoder();
  const bytesOf = (key: string, value: unknown) => encoder.encode(key).length + encoder.encode(JSON.stringify(value)).length;
  return {
    items,
    /** What the items take, as Chrome counts storage quota (UTF-8 key + JSON). */
    bytesInUse: () => [...items].reduce((n, [k, v]) => n + bytesOf(k, v), 0),
    async get(keys: string | string[] | null) {
      const found: Record<string, unknown> = {};
      for (const key of keys === null ? [...items.keys()] : typeof keys === 'string' ? [keys] : keys) if (items.has(key)) found[key] = structuredClone(items.get(key));
      return found;
    },
    /** Like Chrome's storage.session, refuses a write that would go over the quota, writing nothing. */
    async set(values: Record<string, unknown>) {
      if (options.quotaBytes !== undefined) {
        let total = 0;
        for (const [k, v] of items) if (!Object.hasOwn(values, k)) total += bytesOf(k, v);
        for (const [k, v] of Object.entries(values)) total += bytesOf(k, v);
        if (total > options.quotaBytes) throw new Error('Session storage quota bytes exceeded. Values were not stored.');
      }
      for (const [k, v] of Object.entries(values)) items.set(k, structuredClone(v));
    },
    async remove(keys: string | string[]) {
      for (const key of typeof keys === 'string' ? [keys] : keys) items.delete(key);
    },
  };
}

/** A site on shop.example.com whose catalogue comes from `source`. */
export function siteWith(source: CatalogueSource | Record<string, unknown>, extra: Partial<Site> = {}): Site {
  return SiteSchema.parse({ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: source, ...extra });
}

/**
 * The catalogue service as the background builds it, on real fetch against a local server,
 * with in-memory storage, the given token, and retry waits shortened to 1 ms (the requested
 * waits are recorded in `waits`).
 */
export function catalogueFor(site: Site, token: string | undefined, options: { timeoutMs?: number } = {}) {
  const local = memoryStorage();
  const session = memoryStorage();
  const waits: number[] = [];
  const service = createCatalogueService({
    loadFetcher: async () => createCatalogueFetcher,
    local,
    session,
    fetch: (...args) => fetch(...args),
    now: Date.now,
    secrets: { tokenFor: async () => (token === undefined ? undefined : { token }) },
    sleep: async (ms) => void waits.push(ms),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return {
    service,
    local,
    session,
    waits,
    /** Fetch + normalise, throwing the ProviderError on failure. */
    load: () => service.load(site, { get: () => undefined, set: () => undefined }),
    refresh: () => service.refresh(site),
    peek: () => service.peek(site),
    test: (typed?: string) => service.testConnection(site, typed),
  };
}
