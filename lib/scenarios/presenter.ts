import type { JsonValue } from '../json-value';
import { matchingScenario, scenariosOfSite, type Scenario } from './scenario';

/** The `commands` name of the presenter shortcut (wxt.config.ts). */
export const PRESENTER_COMMAND = 'presenter-next-scenario';

/**
 * The presenter shortcut flips a tab between scenarios live ("before" and "after" for a demo).
 * It cycles through the site's scenarios marked `presenter`, in their saved order; when none is
 * marked, through all of the site's scenarios.
 */
export function presenterCycle(scenarios: readonly Scenario[], siteId: string): Scenario[] {
  const ofSite = scenariosOfSite(scenarios, siteId);
  const marked = ofSite.filter((s) => s.presenter === true);
  return marked.length > 0 ? marked : ofSite;
}

/**
 * The scenario after the one the tab is in now (its overrides equal its values), going round;
 * the first when the tab is in none of them. Undefined when the cycle is empty.
 *
 * @example nextInCycle([before, after], 'shop', before.values)?.name // 'after'
 */
export function nextInCycle(cycle: readonly Scenario[], siteId: string, values: Readonly<Record<string, JsonValue>>): Scenario | undefined {
  if (cycle.length === 0) return undefined;
  const current = matchingScenario(cycle, siteId, values);
  const at = current ? cycle.indexOf(current) : -1;
  return cycle[(at + 1) % cycle.length];
}
