import type { Flag } from '../flags/flag';
import { STORED } from '../storage/keys';

/**
 * Where the background caches a site's catalogue in storage.local: a small record (when,
 * warnings, error) that the background reads on every popup open, and the flags in chunks,
 * which the popup reads itself — the first chunk to be usable at once, the rest right after.
 * One read instead of a read in the background plus a copy of every flag through a message.
 * A module of its own so the popup does not bundle the service.
 */
export const CACHE_META_PREFIX = STORED.catalogueMeta.prefix;
export const CACHE_FLAGS_PREFIX = STORED.catalogueFlags.prefix;
/**
 * Each flag's tickets (flags with none left out), written with the chunks: the sign-off draft
 * needs the tickets of a few overridden flags, and reading 10,000 flags for them took 240 ms.
 */
export const CACHE_TICKETS_PREFIX = STORED.catalogueTickets.prefix;

/**
 * `[["new-checkout", ["SHOP-142"]], …]` for the flags that have tickets, in catalogue order. A
 * list, not an object: Chrome's storage gives objects back with their keys sorted.
 */
export function ticketIndex(flags: readonly Flag[]): [string, string[]][] {
  return flags.filter((flag) => flag.tickets.length).map((flag) => [flag.key, flag.tickets]);
}
/** Flags per chunk: about what fits the popup's first screens many times over. */
export const FLAGS_PER_CHUNK = 500;
/**
 * Flags in the first chunk, the one the popup waits for before it is usable: a screen holds
 * about eight rows, and reading 500 flags from storage took three to four times as long as 100,
 * so a 10,000-flag popup opened a good deal later than a 100-flag one. Caches written with 500
 * in the first chunk still read: the chunk count is in the cache's record, not the chunk size.
 */
export const FIRST_CHUNK_FLAGS = 100;

/** Where the popup finds the flags the background cached, and which source they must be from. */
export interface CachedFlagsRef {
  /** The chunks are `${storageKey}#0`, `#1`, … */
  storageKey: string;
  sourceKey: string;
  chunks: number;
  /** The first chunk's flags came with this reference (in the view's `flags`): read from chunk 1 on. */
  firstIncluded?: boolean;
}

export function chunkKey(storageKey: string, index: number): string {
  return `${storageKey}#${index}`;
}

/** A small first chunk (FIRST_CHUNK_FLAGS), then FLAGS_PER_CHUNK each; one empty chunk for no flags. */
export function toChunks(flags: readonly Flag[]): Flag[][] {
  const chunks: Flag[][] = [flags.slice(0, FIRST_CHUNK_FLAGS)];
  for (let i = FIRST_CHUNK_FLAGS; i < flags.length; i += FLAGS_PER_CHUNK) chunks.push(flags.slice(i, i + FLAGS_PER_CHUNK));
  return chunks;
}

/**
 * The flags of chunks [from, to) from storage records, if every one is there and for `ref`'s
 * source (the background validated the flags when it wrote them); undefined otherwise.
 */
export function flagsFromChunks(records: Record<string, unknown>, ref: CachedFlagsRef, from = 0, to = ref.chunks): Flag[] | undefined {
  const flags: Flag[] = [];
  for (let i = from; i < to; i++) {
    const record = records[chunkKey(ref.storageKey, i)];
    if (typeof record !== 'object' || record === null) return undefined;
    const { sourceKey, flags: chunk } = record as { sourceKey?: unknown; flags?: unknown };
    if (sourceKey !== ref.sourceKey || !Array.isArray(chunk)) return undefined;
    for (const flag of chunk as Flag[]) flags.push(flag);
  }
  return flags;
}

export function chunkKeys(ref: CachedFlagsRef, from = 0, to = ref.chunks): string[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => chunkKey(ref.storageKey, from + i));
}
