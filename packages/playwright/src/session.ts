import type { BrowserContext, Request, Response, Route } from '@playwright/test';
import type { Site } from '../../../lib/config/schema';
import { dict, toDict } from '../../../lib/dict';
import type { JsonValue } from '../../../lib/json-value';
import { applyHeaderChanges, checkedForWire, checkedValue, flagOf, overridesFor, UsageError, withQueryParams, type RequestOverrides, type SeenResponse } from '../../../lib/automation';
import { isCookieChange, syncCookies } from './cookies';
import type { Prepared } from './options';

/** The site a test's overrides go to, as the fixture shows it. */
export interface FlagtabSite {
  id: string;
  name: string;
  hosts: readonly string[];
}

/** The `flagtab` fixture: this test's overrides, on this test's browser context only. */
export interface Flagtab {
  readonly site: FlagtabSite;
  /** A copy of the values now sent. */
  readonly values: Readonly<Record<string, JsonValue>>;
  /** Overrides one flag (or several: `set({ a: true, b: 'x' })`) for the requests that follow. */
  set(key: string, value: JsonValue): Promise<void>;
  set(values: Readonly<Record<string, JsonValue>>): Promise<void>;
  /** Clears every override: the requests that follow carry none. */
  reset(): Promise<void>;
  /** Replaces the values with a saved scenario's (id or name). */
  use(scenario: string): Promise<void>;
}

/** What the matcher reads from a session. */
export interface SessionState {
  site: Site;
  valueOf(key: string): JsonValue | undefined;
  /** The site's responses to requests sent since the values last changed. */
  responses(): Promise<SeenResponse[]>;
}

const states = new WeakMap<object, SessionState>();
export const stateOf = (received: unknown): SessionState | undefined => (typeof received === 'object' && received !== null ? states.get(received) : undefined);

const isPageLoad = (request: Request) => {
  try {
    return request.isNavigationRequest() && request.frame().parentFrame() === null;
  } catch {
    return false; // a service worker's request has no frame
  }
};

/**
 * Applies `prepared`'s overrides to every request of `context` to the site's hosts: the same
 * header changes the extension's session rules make, the query transport's parameters by a
 * redirect of the page load (so they show in the address, as in a tab), nothing elsewhere.
 */
export async function startSession(context: BrowserContext, prepared: Prepared): Promise<{ flagtab: Flagtab; unsignedWarning?: string; stop(): Promise<void> }> {
  const { site, flags } = prepared;
  let values = dict<JsonValue>();
  let plan!: RequestOverrides;
  let cookieNames: string[] = [];
  // Which values a request was sent under: a response counts for the values its request carried.
  let epoch = 0;
  const sentUnder = new WeakMap<Request, number>();
  let seen: SeenResponse[] = [];
  const pending = new Set<Promise<void>>();

  async function replan(next: Record<string, JsonValue>): Promise<void> {
    const checked = dict<JsonValue>();
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined) throw new UsageError(`flagtab.set: ${key} needs a value (reset() clears every override)`);
      checked[key] = flags ? checkedValue(flagOf(flags, key, site.id), value) : value;
    }
    const fresh = await overridesFor(site, checkedForWire(checked), { ...(prepared.signer ? { signer: prepared.signer } : {}), secrets: prepared.secrets, ...(prepared.ttlSec !== undefined ? { ttlSec: prepared.ttlSec } : {}) });
    cookieNames = await syncCookies(context, site, fresh, cookieNames);
    plan = fresh;
    values = checked;
    epoch++;
    seen = [];
  }
  await replan(prepared.initial);

  // One change at a time, each from the values the last left: set() calls not awaited in between lose nothing.
  let changing: Promise<unknown> = Promise.resolve();
  function change(update: (current: Readonly<Record<string, JsonValue>>) => Record<string, JsonValue>): Promise<void> {
    const run = changing.then(() => replan(update(values)));
    changing = run.catch(() => {});
    return run;
  }

  const route = async (route: Route, request: Request) => {
    const url = request.url();
    const current = plan;
    sentUnder.set(request, epoch);
    if (!current.covers(url)) return route.fallback();
    if (current.queryParams.length > 0 && isPageLoad(request)) {
      const target = withQueryParams(url, current.queryParams);
      if (target !== url) return route.fulfill({ status: 302, headers: { location: target, 'cache-control': 'no-store' } });
    }
    // The cookies are in the context's jar (cookies.ts).
    const changes = (await current.headersFor(url)).filter((change) => !isCookieChange(change));
    if (changes.length === 0) return route.fallback();
    // Playwright's own recipe ({ ...request.headers(), … }): the browser adds its cookies after the route.
    return route.fallback({ headers: applyHeaderChanges(request.headers(), changes) });
  };
  const onResponse = (response: Response) => {
    const url = response.url();
    const under = sentUnder.get(response.request());
    if (!plan.covers(url) || (under !== undefined && under !== epoch)) return;
    const current = epoch;
    const recorded = response.allHeaders().then((headers) => {
      if (current === epoch) seen.push({ url, method: response.request().method(), headers });
    }, () => {});
    pending.add(recorded);
    void recorded.finally(() => pending.delete(recorded));
  };
  await context.route('**/*', route);
  context.on('response', onResponse);

  function set(keyOrValues: string | Readonly<Record<string, JsonValue>>, value?: JsonValue): Promise<void> {
    const changes = typeof keyOrValues === 'string' ? [[keyOrValues, value as JsonValue] as const] : Object.entries(keyOrValues);
    return change((current) => {
      const next = toDict(current);
      for (const [key, v] of changes) next[key] = v;
      return next;
    });
  }
  const flagtab: Flagtab = {
    site: { id: site.id, name: site.name, hosts: [...site.hosts] },
    get values() {
      return Object.freeze(toDict(values));
    },
    set: set as Flagtab['set'],
    reset: () => change(() => ({})),
    use: (scenario) => change(() => prepared.scenarioValues(scenario)),
  };
  states.set(flagtab, {
    site,
    valueOf: (key) => (Object.hasOwn(values, key) ? values[key] : undefined),
    async responses() {
      await Promise.all([...pending]);
      return [...seen];
    },
  });
  return {
    flagtab,
    ...(plan.unsignedWarning ? { unsignedWarning: plan.unsignedWarning } : {}),
    async stop() {
      context.off('response', onResponse);
      await context.unroute('**/*', route).catch(() => {});
      await syncCookies(context, site, await overridesFor(site, {}), cookieNames).catch(() => {});
    },
  };
}
