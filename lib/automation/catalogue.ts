import type { Site } from '../config/schema';
import type { Flag } from '../flags/flag';
import { explainFailure } from '../providers/diagnosis';
import { createHttpClient, type CachedResponse } from '../providers/http';
import { finishFlags } from '../providers/normalise';
import { providerFor } from '../providers/registry';
import { catalogueOrigin } from '../providers/sources';
import type { FlagProvider } from '../providers/types';
import { UsageError } from './errors';

/**
 * A site's flag catalogue fetched the way the extension fetches it (same provider adapters,
 * same normalising), so the tools can tell an unknown flag or a value no variant has before
 * anything is sent.
 */
export interface CatalogueDeps {
  fetch: typeof fetch;
  /** The provider's token, when it needs one (FLAGTAB_CATALOGUE_TOKEN, or the export's secrets). */
  token?: string;
}

export interface LoadedCatalogue {
  flags: Flag[];
  warnings: string[];
}

/**
 * Fetches and normalises the site's catalogue. A provider that cannot be reached or refuses the
 * token throws `UsageError` saying why and how to go on without the check.
 */
export async function loadCatalogue(site: Site, deps: CatalogueDeps): Promise<LoadedCatalogue> {
  const provider = providerFor(site.catalogue.provider) as FlagProvider;
  if (provider.tokenRequired && !deps.token) {
    throw new UsageError(`site "${site.id}" reads its flags from ${provider.label}, which needs a token: set FLAGTAB_CATALOGUE_TOKEN (${provider.tokenHelp}), or skip the flag check (--no-catalogue; fixture: catalogue: false).`);
  }
  const etags = new Map<string, CachedResponse>();
  const http = createHttpClient({
    fetch: deps.fetch,
    origin: catalogueOrigin(site.catalogue) ?? 'null',
    headers: provider.authHeaders({ source: site.catalogue as never, token: deps.token }),
    etags: { get: (url) => etags.get(url), set: (url, value) => void etags.set(url, value) },
    maxAttempts: 2,
  });
  try {
    const raw = await provider.fetchCatalogue({ source: site.catalogue as never, token: deps.token, http, onProgress: () => {} });
    const finished = finishFlags(raw.flags, { ticketPattern: site.ticketPattern });
    return { flags: finished.flags, warnings: [...raw.warnings, ...finished.warnings] };
  } catch (error) {
    throw new UsageError(`the flag catalogue of site "${site.id}" could not be read: ${explainFailure(error, provider, site.catalogue)} Fix that, or skip the flag check (--no-catalogue; fixture: catalogue: false).`);
  }
}
