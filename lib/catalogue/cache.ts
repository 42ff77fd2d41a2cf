import { z } from '../zod';
import { lazySchema } from '../lazy-schema';
import type { Site } from '../config/schema';
import type { CatalogueSource } from '../providers/sources';
import { providerMeta } from '../providers/meta-registry';
import { FlagTypeSchema, type Flag } from '../flags/flag';
import type { CatalogueView } from './view';
import { CACHE_FLAGS_PREFIX, CACHE_META_PREFIX, chunkKeys } from './cache-keys';

/**
 * The catalogue cache as the background reads it: what a wake to answer the popup needs, apart
 * from the fetcher (fetcher.ts), which brings the provider adapters, HTTP and normalising and
 * lives in the background's work script (lib/background/work.ts).
 */

/**
 * The cache record. Its flags were checked against FlagSchema by finishFlags before they were
 * written, and only Flagtab writes this key (bump CACHE_PREFIX when the Flag shape changes), so
 * reading checks the envelope and each flag's key and type, not every field again: re-validating
 * 10,000 flags on every popup open would cost more than the rest of opening it.
 * Built on first read (lib/lazy-schema.ts): a wake for a click reads no catalogue.
 */
const CachedMetaSchema = lazySchema(() => z.object({
  /** The source the flags came from; a changed source makes the cache useless. */
  sourceKey: z.string(),
  fetchedAt: z.optional(z.number()),
  warnings: z.array(z.string()),
  error: z.optional(z.string()),
  /** How many chunks of flags (see cache-keys.ts) the last good catalogue was written in. */
  chunks: z._default(z.int().check(z.nonnegative()), 0),
}));
const CachedFlagsSchema = lazySchema(() => z.object({
  sourceKey: z.string(),
  flags: z.array(z.looseObject({ key: z.string(), type: FlagTypeSchema })),
}));
export const TicketIndexSchema = lazySchema(() => z.object({ sourceKey: z.string(), tickets: z.array(z.tuple([z.string(), z.array(z.string())])) }));

export type CachedCatalogue = z.infer<ReturnType<typeof CachedMetaSchema>> & { flags: Flag[] };

/**
 * The protocols that report evaluated values only, not the variants a flag may take (the
 * adapters' `listsVariants: false`; tests/unit/background-work.test.ts holds this list to them). Here so that showing a
 * cached catalogue does not load the adapters.
 */
const VALUES_ONLY_PROVIDERS: ReadonlySet<string> = new Set(['ofrep']);
/** The adapters' names where they say more than the options page's (meta.ts); the same unit test holds them. */
const CATALOGUE_LABELS: ReadonlyMap<string, string> = new Map([['flags-file', 'Flags file (flagd or JSON list)']]);

export interface CacheStorage {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
}

export const metaKey = (site: Site) => CACHE_META_PREFIX + site.id;
export const flagsKey = (site: Site) => CACHE_FLAGS_PREFIX + site.id;

export function sourceKey(source: CatalogueSource): string {
  return JSON.stringify(source);
}

/** A pasted flags file: parsed on each read, never cached. */
export function isInline(site: Site): boolean {
  return site.catalogue.provider === 'flags-file' && site.catalogue.inline !== undefined;
}

/** The cache's small record from storage records, if it is there and for the site's source (no flags). */
export function metaOf(site: Site, records: Record<string, unknown>): CachedCatalogue | undefined {
  const meta = CachedMetaSchema().safeParse(records[metaKey(site)]);
  return meta.success && meta.data.sourceKey === sourceKey(site.catalogue) ? { ...meta.data, flags: [] } : undefined;
}

/** The cache's small record; with `withFlags`, the flags too (the popup reads those itself). */
export async function readCache(local: CacheStorage, site: Site, withFlags: boolean): Promise<CachedCatalogue | undefined> {
  const source = sourceKey(site.catalogue);
  const meta = metaOf(site, await local.get(metaKey(site)));
  if (!meta || !withFlags) return meta;
  const ref = { storageKey: flagsKey(site), sourceKey: source, chunks: meta.chunks };
  const records = await local.get(chunkKeys(ref));
  const flags: Flag[] = [];
  for (const key of chunkKeys(ref)) {
    const chunk = CachedFlagsSchema().safeParse(records[key]);
    if (!chunk.success || chunk.data.sourceKey !== source) return undefined;
    flags.push(...(chunk.data.flags as unknown as Flag[]));
  }
  return { ...meta, flags };
}

/** What the popup shows of a cached (or just fetched) catalogue. */
export function catalogueView(site: Site, cached: CachedCatalogue | undefined, needsRefresh: boolean): CatalogueView {
  const base: CatalogueView = {
    provider: site.catalogue.provider,
    providerLabel: CATALOGUE_LABELS.get(site.catalogue.provider) ?? providerMeta(site.catalogue.provider).label,
    listsVariants: !VALUES_ONLY_PROVIDERS.has(site.catalogue.provider),
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
