import type { DnrRule, RuleDiff } from '../../lib/overrides/rules';

export interface SimulatedRequest {
  url: string;
  tabId: number;
  type: string;
  /** Headers the browser would send without extensions. */
  headers?: Record<string, string>;
}

/**
 * An in-memory stand-in for `declarativeNetRequest` session rules (fake-browser has none).
 * It enforces what Chrome enforces on updateSessionRules, and can say which request
 * headers a request would leave with, so tests check outcomes rather than rule shapes.
 */
export function createFakeDnr() {
  let rules: DnrRule[] = [];
  const calls: RuleDiff[] = [];

  function matches(rule: DnrRule, req: SimulatedRequest): boolean {
    const c = rule.condition;
    const host = new URL(req.url).hostname;
    if (c.tabIds && !c.tabIds.includes(req.tabId)) return false;
    if (c.resourceTypes && !c.resourceTypes.includes(req.type)) return false;
    if (!c.resourceTypes && req.type === 'main_frame') return false; // Chrome's default
    if (c.requestDomains && !c.requestDomains.some((d) => host === d || host.endsWith(`.${d}`))) return false;
    if (c.regexFilter && !new RegExp(c.regexFilter).test(req.url)) return false;
    return true;
  }

  return {
    calls,
    async getSessionRules(): Promise<DnrRule[]> {
      return structuredClone(rules);
    },
    async updateSessionRules(diff: RuleDiff): Promise<void> {
      calls.push(structuredClone(diff));
      const remaining = rules.filter((r) => !diff.removeRuleIds.includes(r.id));
      const ids = new Set(remaining.map((r) => r.id));
      for (const rule of diff.addRules) {
        if (!Number.isInteger(rule.id) || rule.id < 1) throw new Error(`Rule with id ${rule.id}: id must be a positive integer`);
        if (ids.has(rule.id)) throw new Error(`Rule with id ${rule.id} does not have a unique ID.`);
        if (rule.condition.regexFilter) new RegExp(rule.condition.regexFilter); // throws like Chrome's invalid regex error
        ids.add(rule.id);
      }
      rules = [...remaining, ...structuredClone(diff.addRules)];
    },
    /** The request headers `req` would carry after every matching rule applied. */
    headersFor(req: SimulatedRequest): Record<string, string> {
      const headers: Record<string, string> = Object.fromEntries(
        Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const matching = rules.filter((r) => matches(r, req)).sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
      for (const rule of matching) {
        if (rule.action.type !== 'modifyHeaders') continue;
        for (const h of rule.action.requestHeaders ?? []) {
          const name = h.header.toLowerCase();
          if (h.operation === 'remove') delete headers[name];
          else if (h.operation === 'set') headers[name] = h.value!;
          else headers[name] = headers[name] ? `${headers[name]}${name === 'cookie' ? '; ' : ', '}${h.value}` : h.value!;
        }
      }
      return headers;
    },
    /**
     * Where a redirect rule sends `req` (its query parameters added or replaced), or undefined
     * when none applies, or when the URL would not change (Chrome does not redirect to the same URL).
     */
    redirectFor(req: SimulatedRequest): string | undefined {
      const rule = rules.filter((r) => r.action.type === 'redirect' && matches(r, req)).sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1))[0];
      if (!rule || rule.action.type !== 'redirect') return undefined;
      const url = new URL(req.url);
      for (const { key, value } of rule.action.redirect.transform.queryTransform.addOrReplaceParams) url.searchParams.set(key, value);
      return url.href === new URL(req.url).href ? undefined : url.href;
    },
    /** Drops every rule, like a browser restart does. */
    clear() {
      rules = [];
    },
  };
}

export type FakeDnr = ReturnType<typeof createFakeDnr>;
