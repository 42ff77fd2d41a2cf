import type { Page } from 'playwright-core';
import { TransportsSchema } from '../lib/transports/settings';
import { rulesFor } from '../lib/overrides/planner';
import { CHROME_RESOURCE_TYPES, OVERRIDE_RULE_ID_MAX, type DnrRule } from '../lib/overrides/rules';
import { encodeOverrides } from '../lib/wire';

/*
 * Page functions below run inside the popup (an extension page may call
 * chrome.declarativeNetRequest itself). They avoid named inner functions: tsx would wrap them
 * in `__name()`, which does not exist in the page.
 */

export interface ClickTiming {
  /** From just before the switch's click() until getSessionRules() first shows the new rule. */
  ms: number;
  /** getSessionRules() calls it took; ms / polls is the timer's resolution. */
  polls: number;
}

/** The header value Flagtab's rule carries when `key` alone is overridden to `value`. */
export const expectedHeader = (key: string, value: boolean) => encodeOverrides({ [key]: value });

/**
 * Clicks the switch of `key` inside the popup and polls the session rules from the same page,
 * back to back (each call is one round trip to the browser process, well under a frame), until
 * a rule for `tabId` carries `header`. Both timestamps come from the popup's own clock.
 */
export function timeClickToRule(page: Page, args: { key: string; tabId: number; header: string }): Promise<ClickTiming> {
  return page.evaluate(async ({ key, tabId, header }) => {
    const control = document.querySelector<HTMLInputElement>(`input[role="switch"][aria-label="${CSS.escape(key)}"]`);
    if (!control) throw new Error(`the popup has no switch named "${key}"`);
    const started = performance.now();
    control.click();
    for (let polls = 1; ; polls++) {
      const rules = await chrome.declarativeNetRequest.getSessionRules();
      const installed = rules.some((r) => (r.condition.tabIds ?? []).includes(tabId)
        && (r.action.requestHeaders ?? []).some((h) => h.value === header));
      if (installed) return { ms: performance.now() - started, polls };
      if (performance.now() - started > 10_000) {
        throw new Error(`no session rule for tab ${tabId} with header "${header}" 10 s after the click; rules: ${JSON.stringify(rules)}`);
      }
    }
  }, args);
}

/**
 * A rule shaped exactly like Flagtab's own (same planner, same transports, hosts and resource
 * types) but with an id just above Flagtab's range and a flag key the click benchmark never
 * uses. Above the range, not 900000 + i: ids inside OVERRIDE_RULE_ID_MIN..MAX belong to the
 * background's reconciler, which deletes any it did not plan (on a config change or an alarm).
 */
export function baselineRule(tabId: number, hosts: readonly string[], i: number): DnrRule {
  const transports = TransportsSchema.parse({});
  const [body, ...more] = rulesFor({ tabId, hosts, transports, values: { 'bench-baseline': i % 2 === 0 } }, CHROME_RESOURCE_TYPES);
  if (!body || more.length > 0) throw new Error('rulesFor() did not return one rule for a one-condition site; the planner changed');
  return { id: OVERRIDE_RULE_ID_MAX + 1 + i, ...body };
}

/**
 * Times one bare `updateSessionRules` call from the popup, in the shape the engine sends for a
 * toggle (one id removed, one rule added; the removed id is absent, which Chrome ignores), then
 * removes the rule again, untimed.
 */
export function timeUpdateSessionRules(page: Page, rule: DnrRule): Promise<number> {
  return page.evaluate(async (r) => {
    const dnr = chrome.declarativeNetRequest;
    const started = performance.now();
    await dnr.updateSessionRules({ removeRuleIds: [r.id], addRules: [r as unknown as chrome.declarativeNetRequest.Rule] });
    const ms = performance.now() - started;
    await dnr.updateSessionRules({ removeRuleIds: [r.id] });
    return ms;
  }, rule);
}
