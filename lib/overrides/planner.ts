import type { JsonValue } from '../json';
import { queryParamsFor, requestHeadersFor, type TransportsSettings } from '../transports/registry';
import { hostConditions, signingScopes, type HostCondition } from './hosts';
import {
  type DnrAction, type DnrRule, type HeaderModification, type RuleDiff,
  MAX_REGEX_SESSION_RULES, MAX_SESSION_RULES,
  OVERRIDE_RULE_ID_MAX, OVERRIDE_RULE_ID_MIN, OVERRIDE_RULE_PRIORITY, PAGE_LOAD_RESOURCE_TYPES, QUERY_ALLOW_RULE_PRIORITY, REDIRECT_RULE_PRIORITY, isOverrideRuleId,
} from './rules';

/** What the tester wants for one tab on one site. */
export interface TabSiteOverrides {
  tabId: number;
  hosts: readonly string[];
  transports: TransportsSettings;
  values: Readonly<Record<string, JsonValue>>;
  /**
   * Set when the site signs (wire v2) and has a key: the token signed for each of its host
   * patterns (see `signingScopes`). Then each pattern gets a rule of its own, carrying its token
   * (a pattern without one carries the unsigned transports only).
   */
  signed?: { tokens: ReadonlyMap<string /* host pattern */, string> };
  /** What each transport's `prepare` made (an encrypted cookie), by transport id. */
  prepared?: ReadonlyMap<string, string>;
}

type RuleBody = Omit<DnrRule, 'id'>;

/** A plan the browser would refuse (too many rules); the message says what to do. */
export class RuleLimitError extends Error {
  override name = 'RuleLimitError';
}

/**
 * The rules (without ids) that carry one tab's overrides to one site's hosts: one per host
 * condition (see `hostConditions`: a site's hosts may need several, since one regex cannot
 * list many hosts), or none when there is nothing to send (no values, or every transport
 * switched off).
 */
export function rulesFor(o: TabSiteOverrides, resourceTypes: readonly string[]): RuleBody[] {
  if (Object.keys(o.values).length === 0) return [];
  const priorities = { modifyHeaders: OVERRIDE_RULE_PRIORITY, allow: QUERY_ALLOW_RULE_PRIORITY, redirect: REDIRECT_RULE_PRIORITY };
  const rule = (action: DnrAction, { requestDomains, regexFilter }: HostCondition, types: readonly string[], urlFilter?: string): RuleBody => ({
    priority: priorities[action.type],
    action: structuredClone(action),
    condition: {
      tabIds: [o.tabId],
      requestDomains,
      // A rule takes a regexFilter or a urlFilter, not both. The allow rule's urlFilter may
      // also meet a subdomain of an exact host: it only stops a redirect, which is not there.
      ...(urlFilter ? { urlFilter } : regexFilter ? { regexFilter } : {}),
      resourceTypes: [...types],
    },
  });
  // A bare page load is redirected to carry the parameters; one that carries them already is
  // allowed through (see QUERY_ALLOW_RULE_PRIORITY); every request gets the header rule on top.
  const rulesForScope = (scopes: readonly string[], token?: string): RuleBody[] => {
    const context = { token, prepared: o.prepared };
    const requestHeaders: HeaderModification[] = requestHeadersFor(o.transports, o.values, context);
    const params = queryParamsFor(o.transports, o.values, context);
    return hostConditions(scopes).flatMap((condition) => [
      ...(requestHeaders.length ? [rule({ type: 'modifyHeaders', requestHeaders }, condition, resourceTypes)] : []),
      ...(params.length ? [
        rule({ type: 'allow' }, condition, PAGE_LOAD_RESOURCE_TYPES, carriedFilter(params)),
        rule({ type: 'redirect', redirect: { transform: { queryTransform: { addOrReplaceParams: params } } } }, condition, PAGE_LOAD_RESOURCE_TYPES),
      ] : []),
    ]);
  };
  const { signed } = o;
  // A token names one host (its aud), so each host pattern gets its own rules and token.
  if (signed) return signingScopes(o.hosts).flatMap((scope) => rulesForScope([scope], signed.tokens.get(scope)));
  return rulesForScope(o.hosts);
}

/**
 * A urlFilter for an address that carries `params` as the browsers write them into it (form
 * encoding, like URLSearchParams: Chromium and Firefox both, measured), each pair between
 * separators. `*`, which form encoding leaves as it is, is urlFilter's wildcard: it still
 * matches itself.
 *
 * @example carriedFilter([{ key: 'flags', value: 'a=true' }]) // '^flags=a%3Dtrue^'
 */
export function carriedFilter(params: readonly { key: string; value: string }[]): string {
  return `^${new URLSearchParams(params.map((p) => [p.key, p.value])).toString()}^`;
}

/**
 * A canonical text for the parts of a rule Flagtab sets. Browsers may hand rules back with
 * extra default fields or another key order, so only our fields, in our order, are compared.
 */
function fingerprint(rule: RuleBody): string {
  const { action, condition } = rule;
  return JSON.stringify([
    rule.priority ?? 1,
    action.type,
    action.type === 'modifyHeaders'
      ? (action.requestHeaders ?? []).map((h) => [h.header.toLowerCase(), h.operation, h.value ?? null])
      : action.type === 'redirect' ? action.redirect.transform.queryTransform.addOrReplaceParams.map((p) => [p.key, p.value]) : null,
    condition.tabIds ?? null,
    condition.requestDomains ?? null,
    condition.regexFilter ?? null,
    condition.urlFilter ?? null,
    [...(condition.resourceTypes ?? [])].sort(),
  ]);
}

/**
 * Reconciles the desired overrides with the session rules installed now, returning the one
 * `updateSessionRules` call that makes them equal. Rules already right are left alone (no
 * delete-all/re-add); ids outside Flagtab's range are never touched.
 *
 * @example
 * const diff = planSessionRules([{ tabId: 7, hosts: ['shop.example.com'], transports, values: { a: true } }], await dnr.getSessionRules(), CHROME_RESOURCE_TYPES);
 * if (!isEmptyDiff(diff)) await dnr.updateSessionRules(diff);
 */
export function planSessionRules(
  desired: readonly TabSiteOverrides[],
  current: readonly DnrRule[],
  resourceTypes: readonly string[],
): RuleDiff {
  const wanted = new Map<string, RuleBody>();
  for (const o of desired) {
    for (const body of rulesFor(o, resourceTypes)) wanted.set(fingerprint(body), body);
  }

  const removeRuleIds: number[] = [];
  const usedIds = new Set<number>();
  for (const rule of current) {
    if (!isOverrideRuleId(rule.id)) continue;
    const { id, ...body } = rule;
    const key = fingerprint(body);
    if (wanted.has(key)) {
      wanted.delete(key); // already installed as wanted: keep it
      usedIds.add(id);
    } else {
      removeRuleIds.push(id);
    }
  }
  for (const rule of current) if (!isOverrideRuleId(rule.id)) usedIds.add(rule.id);

  // Removed ids may be reused: updateSessionRules removes before it adds.
  const addRules: DnrRule[] = [];
  let next = OVERRIDE_RULE_ID_MIN;
  for (const body of wanted.values()) {
    while (usedIds.has(next)) next++;
    if (next > OVERRIDE_RULE_ID_MAX) throw new Error('Flagtab ran out of rule ids: reset overrides in some tabs');
    usedIds.add(next);
    addRules.push({ id: next, ...body });
  }
  checkLimits(current, removeRuleIds, addRules);
  return { removeRuleIds: removeRuleIds.sort((a, b) => a - b), addRules };
}

/**
 * Refuses a plan Chrome would refuse, with words instead of Chrome's raw text. Session rules
 * count against MAX_NUMBER_OF_SESSION_RULES, and those with a regexFilter also against
 * MAX_NUMBER_OF_REGEX_RULES (shared by dynamic and session rules; Flagtab adds no dynamic ones).
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#property-MAX_NUMBER_OF_REGEX_RULES
 */
function checkLimits(current: readonly DnrRule[], removeRuleIds: readonly number[], addRules: readonly DnrRule[]): void {
  const removed = new Set(removeRuleIds);
  const after = [...current.filter((r) => !removed.has(r.id)), ...addRules];
  const regexRules = after.filter((r) => r.condition.regexFilter !== undefined).length;
  const tooMany = 'clear the overrides in tabs you no longer test (or close them), then try again';
  if (after.length > MAX_SESSION_RULES) {
    throw new RuleLimitError(`These overrides need ${after.length} browser rules; Chrome allows ${MAX_SESSION_RULES}: ${tooMany}.`);
  }
  if (regexRules > MAX_REGEX_SESSION_RULES) {
    throw new RuleLimitError(`These overrides need ${regexRules} browser rules that match exact hosts; Chrome allows ${MAX_REGEX_SESSION_RULES}: ${tooMany}, or list the site's hosts as wildcards ("*.example.com") where you can.`);
  }
}

export function isEmptyDiff(diff: RuleDiff): boolean {
  return diff.removeRuleIds.length === 0 && diff.addRules.length === 0;
}
