import { createCatalogueService } from '../lib/catalogue/service';
import { createCatalogueFetcher } from '../lib/catalogue/fetcher';
import { SiteSchema } from '../lib/config/schema';
import { ldFlag, startBenchLaunchDarkly } from './launchdarkly-server';
import { summarise, type Summary } from './stats';
import type { Plan } from './speed';

const FLAGS = 5_000;
const TOKEN = 'api-bench-reader';

/** A grown-up LaunchDarkly project: a third multivariate with four string variations, tickets in tags. */
function projectFlags(): Record<string, unknown>[] {
  return Array.from({ length: FLAGS }, (_, i) => {
    const key = `team-${i % 40}-feature-${i}`;
    const description = `Controls feature ${i} for team ${i % 40}; rollout tracked in SHOP-${1000 + i}. `.repeat(3);
    if (i % 3 !== 0) return ldFlag(key, { name: `Feature ${i}`, description, tags: [`team-${i % 40}`] });
    return ldFlag(key, {
      name: `Experiment ${i}`, description, kind: 'multivariate', tags: ['experiment', `SHOP-${i}`],
      variations: ['control', 'a', 'b', 'c'].map((name, v) => ({ _id: `v${v}`, name, value: `${key}-${name}` })),
    });
  });
}

/** storage.local kept in a Map, copying values in and out as the browser's structured clone does. */
function memoryStorage() {
  const items = new Map<string, unknown>();
  return {
    items,
    async get(keys: string | string[]) {
      const found: Record<string, unknown> = {};
      for (const key of typeof keys === 'string' ? [keys] : keys) if (items.has(key)) found[key] = structuredClone(items.get(key));
      return found;
    },
    async set(values: Record<string, unknown>) {
      for (const [k, v] of Object.entries(values)) items.set(k, structuredClone(v));
    },
    async remove(keys: string | string[]) {
      for (const key of typeof keys === 'string' ? [keys] : keys) items.delete(key);
    },
  };
}

/**
 * Measurement: 5,000 flags from a local LaunchDarkly-shaped server (50 pages of 100), fetched
 * and normalised by Flagtab's catalogue service (zod checks, normalisation, ticket search,
 * writing the cache), against a baseline of fetching the same 50 pages with bare `fetch` and
 * `JSON.parse` — what any client must spend. The ratio is the work Flagtab adds on top.
 */
export async function measureCatalogueLoad(plan: Plan, onRound?: (n: number, of: number) => void) {
  const api = await startBenchLaunchDarkly({ token: TOKEN, project: 'shop', flags: projectFlags() });
  try {
    const site = SiteSchema.parse({
      id: 'bench', name: 'Bench', hosts: ['shop.localhost'],
      catalogue: { provider: 'launchdarkly', baseUrl: api.origin, project: 'shop', environment: 'production' },
    });
    const rawFetch: number[] = [];
    const flagtab: number[] = [];
    let requests = 0;
    let storedBytes = 0;
    let heapBytes = 0;
    let flagCount = 0;
    const total = plan.warmups + plan.runs;
    for (let round = 0; round < total; round++) {
      // Baseline: the same pages, same headers, nothing done with them but parsing.
      let started = performance.now();
      let pages = 0;
      for (let offset = 0; offset < FLAGS; offset += 100) {
        const response = await fetch(`${api.origin}/api/v2/flags/shop?env=production&summary=0&limit=100&offset=${offset}`, { headers: { Authorization: TOKEN } });
        JSON.parse(await response.text());
        pages++;
      }
      const raw = performance.now() - started;

      const local = memoryStorage();
      const service = createCatalogueService({ loadFetcher: async () => createCatalogueFetcher, local, fetch, now: Date.now, secrets: { tokenFor: async () => ({ token: TOKEN }) } });
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      started = performance.now();
      const view = await service.refresh(site);
      const ms = performance.now() - started;
      if (view.error || view.flags.length !== FLAGS) throw new Error(`catalogue bench: expected ${FLAGS} flags, got ${view.flags.length} (${view.error ?? 'no error'})`);
      if (round >= plan.warmups) {
        rawFetch.push(raw);
        flagtab.push(ms);
      }
      global.gc?.();
      heapBytes = Math.max(0, process.memoryUsage().heapUsed - heapBefore);
      storedBytes = JSON.stringify([...local.items.values()]).length;
      requests = pages;
      flagCount = view.flags.length;
      onRound?.(round + 1, total);
    }
    return {
      flagCount, requests, storedBytes, heapBytes,
      rawFetch: { summary: summarise(rawFetch) as Summary, samples: rawFetch },
      flagtab: { summary: summarise(flagtab) as Summary, samples: flagtab },
    };
  } finally {
    await api.close();
  }
}
