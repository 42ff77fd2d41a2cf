import type { z } from '../zod';
import type { FlagInput } from '../flags/flag';
import { ProviderError } from './errors';
import type { HttpClient } from './http';
import { LIMITS } from './normalise';
import type { CatalogueProgress, ProviderCatalogue } from './types';

/** The first issue zod found, as "path: message", for error texts. */
export function describeZodIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  return `${issue.path.length ? issue.path.join('.') : 'the answer'}: ${issue.message}`;
}

export interface PagedList<Page, Item> {
  /** "LaunchDarkly", used in messages. */
  provider: string;
  /** "flag list", used in messages. */
  what: string;
  first: string;
  headers?: Record<string, string>;
  page: z.ZodMiniType<Page>;
  item: z.ZodMiniType<Item>;
  items(page: Page): unknown[];
  total(page: Page): number | null | undefined;
  /** The next page's link as the API gives it (relative or absolute), if any. */
  next(page: Page): string | null | undefined;
  /** Turns that link into a URL; the http client refuses it if it leaves the origin. */
  resolve(href: string): string;
  /** False for items the API lists but users no longer have (archived, deleted). */
  keep(item: Item): boolean;
  toFlag(item: Item): FlagInput;
}

/**
 * Follows a provider's paginated list to its end: one request per page, each page checked
 * against the documented shape (a wrong page is an error), each item checked on its own (a
 * wrong item is skipped with a warning naming it), progress reported after every page. Stops
 * at a link already visited (a loop), an empty page, or the flag limit.
 */
export async function followPages<Page, Item>(http: HttpClient, list: PagedList<Page, Item>, onProgress: (p: CatalogueProgress) => void): Promise<ProviderCatalogue> {
  const flags: FlagInput[] = [];
  const warnings: string[] = [];
  const visited = new Set<string>();
  let url: string | undefined = list.first;
  let seen = 0;
  while (url && !visited.has(url) && seen <= LIMITS.flags) {
    visited.add(url);
    const response = await http.request(url, list.headers ? { headers: list.headers } : {});
    const page = list.page.safeParse(response.body);
    if (!page.success) {
      throw new ProviderError('bad-response', `${list.provider}'s ${list.what} is not in the documented shape (${describeZodIssue(page.error)}).`);
    }
    const items = list.items(page.data);
    for (const [index, raw] of items.entries()) {
      const item = list.item.safeParse(raw);
      if (!item.success) warnings.push(`Skipped ${labelOf(list.provider, raw, seen + index)}: ${describeZodIssue(item.error)}.`);
      else if (list.keep(item.data)) flags.push(list.toFlag(item.data));
    }
    seen += items.length;
    const total = list.total(page.data);
    onProgress(total == null ? { loaded: seen } : { loaded: seen, total });
    const next = list.next(page.data);
    url = next && items.length > 0 ? list.resolve(next) : undefined;
  }
  return { flags, warnings };
}

/** Resolves a page link against the base URL, or says it is not a URL. */
export function resolveLink(href: string, baseUrl: string, provider: string): URL {
  try {
    return new URL(href, `${baseUrl}/`);
  } catch {
    throw new ProviderError('bad-response', `${provider}'s link to the next page of flags is not a URL (${JSON.stringify(href.slice(0, 100))}).`);
  }
}

function labelOf(provider: string, item: unknown, position: number): string {
  const key = typeof item === 'object' && item !== null ? (item as { key?: unknown }).key : undefined;
  return typeof key === 'string' && key ? `${provider} flag ${JSON.stringify(key.slice(0, 80))}` : `the ${provider} flag at position ${position + 1}`;
}
