import { z } from '../zod';
import { JsonValueSchema } from '../json';
import { DictSchema } from '../dict-schema';
import { dict, dictFrom } from '../dict';
import { STORED } from '../storage/keys';

/**
 * Per-tab override state, kept in `storage.session`: it survives a service-worker restart
 * (like the session rules do) and is gone after a browser restart (like them too).
 */
export const OVERRIDE_STATE_KEY = STORED.overrides.key;

export const TabSiteStateSchema = z.object({
  values: DictSchema(JsonValueSchema),
  /** Epoch ms after which these overrides switch themselves off. */
  expiresAt: z.number(),
  /** When each value was last set (epoch ms): a page loaded before that cannot show it yet. */
  setAt: z.optional(DictSchema(z.number())),
  /** Inherited from an opener before this tab's URL was known; dropped unless it goes to the site. */
  unconfirmed: z.optional(z.literal(true)),
});
export type TabSiteState = z.infer<typeof TabSiteStateSchema>;

/**
 * tabId → siteId → state. Object keys are strings; tab ids are numbers everywhere else. Every
 * level is a null-prototype record (flag keys come from providers: see lib/dict.ts).
 */
export const OverrideStateSchema = DictSchema(DictSchema(TabSiteStateSchema));
export type OverrideState = z.infer<typeof OverrideStateSchema>;

export function countValues(sites: Record<string, TabSiteState> | undefined): number {
  return Object.values(sites ?? {}).reduce((n, s) => n + Object.keys(s.values).length, 0);
}

/** The earliest expiry in the state, for the alarm; undefined when nothing is overridden. */
export function earliestExpiry(state: OverrideState): number | undefined {
  let earliest: number | undefined;
  for (const sites of Object.values(state)) {
    for (const s of Object.values(sites)) {
      if (earliest === undefined || s.expiresAt < earliest) earliest = s.expiresAt;
    }
  }
  return earliest;
}

/** A copy of the state without groups that expired at `now` or that have no values left. */
export function withoutExpired(state: OverrideState, now: number): OverrideState {
  const next: OverrideState = dict();
  for (const [tabId, sites] of Object.entries(state)) {
    const kept = dictFrom(
      Object.entries(sites).filter(([, s]) => s.expiresAt > now && Object.keys(s.values).length > 0),
    );
    if (Object.keys(kept).length > 0) next[tabId] = kept;
  }
  return next;
}

/**
 * The (tab, site) groups whose values differ between two states, with their new values (empty
 * when the group went away: reset, expiry, tab closed).
 *
 * @example changedGroups({ '1': { shop: { values: { a: true }, expiresAt: 9 } } }, {})
 * // [{ tabId: 1, siteId: 'shop', values: {} }]
 */
export function changedGroups(before: OverrideState, after: OverrideState): { tabId: number; siteId: string; values: TabSiteState['values'] }[] {
  const changed: { tabId: number; siteId: string; values: TabSiteState['values'] }[] = [];
  for (const tabId of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[tabId] ?? {};
    const now = after[tabId] ?? {};
    for (const siteId of new Set([...Object.keys(old), ...Object.keys(now)])) {
      const values = now[siteId]?.values ?? {};
      if (JSON.stringify(old[siteId]?.values ?? {}) !== JSON.stringify(values)) changed.push({ tabId: Number(tabId), siteId, values });
    }
  }
  return changed;
}
