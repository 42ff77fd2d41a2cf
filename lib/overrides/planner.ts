import type { JsonValue } from '../json';
import type { Transports } from '../config/schema';
import { cookiePair, encodeOverrides } from '../wire';
import { baseOf } from '../config/hosts';
import { exactHostRegex } from './hosts';
import {
  type DnrRule, type HeaderModification, type RuleDiff,
  OVERRIDE_RULE_ID_MAX, OVERRIDE_RULE_ID_MIN, OVERRIDE_RULE_PRIORITY, isOverrideRuleId,
} from './rules';

/** What the tester wants for one tab on one site. */
export interface TabSiteOverrides {
  tabId: number;
  hosts: readonly string[];
  transports: Transports;
  values: Readonly<Record<string, JsonValue>>;
}

type RuleBody = Omit<DnrRule, 'id'>;

/**
 * The rule (without id) that carries one tab's overrides to one site's hosts, or undefined
 * when there is nothing to send (no values, or every transport switched off).
 */
export function ruleFor(o: TabSiteOverrides, resourceTypes: readonly string[]): RuleBody | undefined {
  if (Object.keys(o.values).length === 0) return undefined;
  const requestHeaders: HeaderModification[] = [];
  if (o.transports.header.enabled) {
    requestHeaders.push({ header: o.transports.header.name, operation: 'set', value: encodeOverrides(o.values) });
  }
  if (o.transports.cookie.enabled) {
    // "append" adds to the Cookie header the browser built (joined with "; "), so the
    // site's own cookies stay; page JavaScript never sees it in document.cookie.
    requestHeaders.push({ header: 'Cookie', operation: 'append', value: cookiePair(o.transports.cookie.name, o.values) });
  }
  if (requestHeaders.length === 0) return undefined;
  const regexFilter = exactHostRegex(o.hosts);
  return {
    priority: OVERRIDE_RULE_PRIORITY,
    action: { type: 'modifyHeaders', requestHeaders },
    condition: {
      tabIds: [o.tabId],
      requestDomains: [...new Set(o.hosts.map(baseOf))].sort(),
      ...(regexFilter ? { regexFilter } : {}),
      resourceTypes: [...resourceTypes],
    },
  };
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
    (action.requestHeaders ?? []).map((h) => [h.header.toLowerCase(), h.operation, h.value ?? null]),
    condition.tabIds ?? null,
    condition.requestDomains ?? null,
    condition.regexFilter ?? null,
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
    const body = ruleFor(o, resourceTypes);
    if (body) wanted.set(fingerprint(body), body);
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
  return { removeRuleIds: removeRuleIds.sort((a, b) => a - b), addRules };
}

export function isEmptyDiff(diff: RuleDiff): boolean {
  return diff.removeRuleIds.length === 0 && diff.addRules.length === 0;
}
