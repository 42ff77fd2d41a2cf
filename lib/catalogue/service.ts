import { z } from 'zod';
import type { Site } from '../config/schema';
import { FlagSchema } from './flag';
import { parseFlagsFile } from './flags-file';
import type { CatalogueView } from '../messaging/protocol';

const CACHE_PREFIX = 'catalogue.v1:';
const FETCH_TIMEOUT_MS = 15_000;

const CachedCatalogueSchema = z.object({
  url: z.string(),
  flags: z.array(FlagSchema),
  fetchedAt: z.number().optional(),
  warnings: z.array(z.string()),
  error: z.string().optional(),
});
type CachedCatalogue = z.infer<typeof CachedCatalogueSchema>;

export interface CatalogueDeps {
  local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  fetch: typeof fetch;
  now(): number;
}

/**
 * A site's flag catalogue: fetched from its flags file, cached in storage.local, and kept
 * usable when a later fetch fails (the error is shown next to the last good flags).
 */
export function createCatalogueService(deps: CatalogueDeps) {
  const cacheKey = (site: Site) => CACHE_PREFIX + site.id;

  async function readCache(site: Site, url: string): Promise<CachedCatalogue | undefined> {
    const raw = (await deps.local.get(cacheKey(site)))[cacheKey(site)];
    const parsed = CachedCatalogueSchema.safeParse(raw);
    return parsed.success && parsed.data.url === url ? parsed.data : undefined;
  }

  async function download(url: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
    let response: Response;
    try {
      response = await deps.fetch(url, { cache: 'no-cache', credentials: 'omit', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer in ${FETCH_TIMEOUT_MS / 1000} s` : String(error);
      return { ok: false, error: `Could not fetch the flags file at ${url} (${reason}). Check the URL, your connection, and that Flagtab has access to that host.` };
    }
    if (!response.ok) {
      return { ok: false, error: `The flags file at ${url} answered HTTP ${response.status}. Check the URL in the site's settings.` };
    }
    return { ok: true, text: await response.text() };
  }

  async function refresh(site: Site): Promise<CatalogueView> {
    const source = site.catalogue;
    if (source.inline !== undefined) return fromText(source.inline);
    const url = source.url!;
    const previous = await readCache(site, url);
    const fetched = await download(url);
    const parsed = fetched.ok ? parseFlagsFile(fetched.text) : fetched;
    const next: CachedCatalogue = parsed.ok
      ? { url, flags: parsed.flags, warnings: parsed.warnings, fetchedAt: deps.now() }
      : { url, flags: previous?.flags ?? [], warnings: previous?.warnings ?? [], fetchedAt: previous?.fetchedAt, error: parsed.error };
    await deps.local.set({ [cacheKey(site)]: next });
    return view(next);
  }

  function fromText(text: string): CatalogueView {
    const parsed = parseFlagsFile(text);
    return parsed.ok ? { flags: parsed.flags, warnings: parsed.warnings } : { flags: [], warnings: [], error: parsed.error };
  }

  function view(cached: CachedCatalogue): CatalogueView {
    const { url: _url, ...rest } = cached;
    return rest;
  }

  return {
    /** The cached catalogue, fetching it first when there is none yet. */
    async get(site: Site): Promise<CatalogueView> {
      const source = site.catalogue;
      if (source.inline !== undefined) return fromText(source.inline);
      const cached = await readCache(site, source.url!);
      return cached ? view(cached) : refresh(site);
    },
    refresh,
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
