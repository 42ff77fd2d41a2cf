import type { Flag } from '../flags/flag';
import type { ProviderId } from '../providers/meta-registry';
import type { CachedFlagsRef } from './cache-keys';

/** What the popup shows of a site's catalogue: the flags, or where to read them, and how fresh. */
export interface CatalogueView {
  provider: ProviderId;
  providerLabel: string;
  /** False for protocols that report evaluated values only (OFREP): the popup says so. */
  listsVariants: boolean;
  /** The provider environment the flags' on/off state is for. */
  environment?: string | undefined;
  /**
   * When `cachedFlags` is given, the popup reads the flags from storage.local itself: then this
   * holds the first chunk's (`cachedFlags.firstIncluded`, popup/state) or nothing.
   */
  flags: Flag[];
  cachedFlags?: CachedFlagsRef;
  /** True when these flags came from the cache and should be refreshed behind them. */
  needsRefresh: boolean;
  /** When the last good catalogue was fetched (epoch ms); undefined for a pasted file. */
  fetchedAt?: number;
  /** Why the last fetch or parse failed; the last good flags above stay usable. */
  error?: string;
  warnings: string[];
}
