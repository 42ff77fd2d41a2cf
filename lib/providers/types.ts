import type { FlagInput } from '../flags/flag';
import type { ProviderId } from './meta-registry';
import type { CatalogueSourceOf } from './sources';
import type { HttpClient } from './http';

/** How far a long first load has got, for the popup's progress line. */
export interface CatalogueProgress {
  loaded: number;
  /** Known when the provider reports a total. */
  total?: number;
}

export interface ProviderContext<P extends ProviderId> {
  source: CatalogueSourceOf<P>;
  /** The site's token for this provider; undefined when none is stored. */
  token: string | undefined;
  /** Requests to the provider's origin only, with timeouts, retries and ETags (see http.ts). */
  http: HttpClient;
  onProgress(progress: CatalogueProgress): void;
}

export interface ProviderCatalogue {
  flags: FlagInput[];
  /** Flags the adapter had to skip or trim, each with why. */
  warnings: string[];
}

/** What "Test connection" found: a line a person can act on. */
export interface ConnectionDiagnosis {
  ok: boolean;
  /** One sentence: what works, or what is wrong and what to do about it. */
  message: string;
  /** How many flags the provider listed, when the test got that far. */
  flagCount?: number;
}

/**
 * A flag provider: reads a site's flag catalogue from one vendor's API and normalises it.
 * Adapters use only `ctx.http`, so every provider gets the same pagination safety, timeouts,
 * 429 handling, ETags and token confinement.
 */
export interface FlagProvider<P extends ProviderId = ProviderId> {
  id: P;
  label: string;
  /** Which token to create, read-only, and where: shown next to the token field. */
  tokenHelp: string;
  /** Whether the token is required (a flags file or an open OFREP service needs none). */
  tokenRequired: boolean;
  /** False when the protocol reports evaluated values only (OFREP): the popup says so. */
  listsVariants: boolean;
  /** Request headers that carry the token, e.g. { Authorization: token }. */
  authHeaders(ctx: Pick<ProviderContext<P>, 'source' | 'token'>): Record<string, string>;
  fetchCatalogue(ctx: ProviderContext<P>): Promise<ProviderCatalogue>;
  /**
   * Explains a 401/403/404 from this provider in its own terms ("the token needs the
   * feature_flag:read scope"); undefined falls back to the generic wording.
   */
  explain?(kind: 'token-rejected' | 'no-permission' | 'not-found', source: CatalogueSourceOf<P>): string | undefined;
}
