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
export function createFakeDnr(quirks: { firefoxNoOpRedirect?: boolean } = {}) {
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
    if (c.urlFilter && !urlFilterRegExp(c.urlFilter).test(req.url)) return false;
    return true;
  }

  /** The highest priority of a matching allow rule: rules at or below it do not apply. */
  const allowedAbove = (req: SimulatedRequest) =>
    Math.max(-Infinity, ...rules.filter((r) => r.action.type === 'allow' && matches(r, req)).map((r) => r.priority ?? 1));

  /** The redirect rule that applies to `req` and where it leads (maybe to the same URL). */
  function redirectOf(req: SimulatedRequest): { rule: DnrRule; to: string } | undefined {
    const floor = allowedAbove(req);
    const rule = rules.filter((r) => r.action.type === 'redirect' && (r.priority ?? 1) > floor && matches(r, req)).sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1))[0];
    if (!rule || rule.action.type !== 'redirect') return undefined;
    const url = new URL(req.url);
    for (const { key, value } of rule.action.redirect.transform.queryTransform.addOrReplaceParams) url.searchParams.set(key, value);
    return { rule, to: url.href };
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
      const floor = allowedAbove(req);
      // Firefox (measured): a redirect that leads to the same URL is skipped, and so is every
      // modifyHeaders rule of the request.
      if (quirks.firefoxNoOpRedirect && redirectOf(req)) return headers;
      const matching = rules.filter((r) => (r.priority ?? 1) > floor && matches(r, req)).sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1));
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
      const redirect = redirectOf(req);
      return redirect && redirect.to !== new URL(req.url).href ? redirect.to : undefined;
    },
    /** Drops every rule, like a browser restart does. */
    clear() {
      rules = [];
    },
  };
}

export type FakeDnr = ReturnType<typeof createFakeDnr>;

/** declarativeNetRequest's urlFilter as a RegExp: `*` any text, `^` a separator or the end, `|` an anchor at either end. */
function urlFilterRegExp(filter: string): RegExp {
  let body = filter;
  const start = body.startsWith('||') ? '^[a-z][a-z0-9+.-]*://(?:[^/]*\\.)?' : body.startsWith('|') ? '^' : '';
  body = body.replace(/^\|\|?/, '');
  const end = body.endsWith('|') ? '$' : '';
  if (end) body = body.slice(0, -1);
  const pattern = [...body].map((ch) => (ch === '*' ? '.*' : ch === '^' ? '(?:[^A-Za-z0-9_\\-.%]|$)' : ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))).join('');
  return new RegExp(start + pattern + end);
}
