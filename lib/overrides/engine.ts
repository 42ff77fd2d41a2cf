import type { JsonValue } from '../json';
import { createSerialQueue } from '../serial';
import { deepDict, toDict } from '../dict';
import type { Site } from '../config/schema';
import { fitsOnTheWire } from '../wire';
import { requireSite, urlMatchesHosts } from '../config/hosts';
import { isEmptyDiff, planSessionRules, type TabSiteOverrides } from './planner';
import type { SessionRules } from './dnr';
import type { DnrRule, RuleDiff } from './rules';
import { refusalFor } from '../transports/registry';
import type { TransportId } from '../transports/meta-registry';
import { RESIGN_ALARM, nextResign, type Signer } from './signing';
import { OverrideError, cleanState, desiredFrom } from './desired';
import {
  OVERRIDE_STATE_KEY, OverrideStateSchema, countValues, earliestExpiry, withoutExpired,
  type OverrideState, type TabSiteState,
} from './state';

export const EXPIRY_ALARM = 'flagtab-overrides-expiry';
export { RESIGN_ALARM } from './signing';
export { OverrideError } from './desired';

/** The few browser capabilities the engine needs; the background passes the real ones. */
export interface EngineDeps {
  session: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  dnr: SessionRules;
  alarms: { create(name: string, info: { when: number }): unknown; clear(name: string): Promise<unknown> };
  /**
   * `tabSites`: the tab's overrides per site, for a badge that also tells how its page loaded.
   * `cleared`: the tab has just loaded a new document, and the browser has put its badge and title
   * back to the manifest's: when there is nothing to show, nothing needs asking.
   */
  setBadge(tabId: number, text: string, tabSites?: Record<string, TabSiteState>, cleared?: boolean): Promise<void>;
  /** Ids of the tabs open now, to forget tabs that closed while we were not listening. */
  openTabIds(): Promise<number[]>;
  /** The configured sites, as the background holds them (it re-reads them when the configuration changes). */
  sites(): Promise<Site[]>;
  resourceTypes: readonly string[];
  now(): number;
  /**
   * The key that signs a site's overrides (wire v2), or undefined when it has none. Called only
   * for sites whose signed transport is on; without it (tests, older callers) nothing is signed.
   */
  signer?(siteId: string): Promise<Signer | undefined>;
  /** A transport's secret for a site (the Vercel cookie's key), or undefined when none is stored. */
  transportSecret?(siteId: string, transportId: TransportId): Promise<string | undefined>;
}

/** The session rules after `diff` is applied to `installed`: the browser removes, then adds. */
function afterDiff(installed: readonly DnrRule[], diff: RuleDiff): DnrRule[] {
  const removed = new Set(diff.removeRuleIds);
  return [...installed.filter((r) => !removed.has(r.id)), ...diff.addRules];
}

/**
 * Per-tab override lifecycle: set, clear, expire, inherit, forget on close, and keep the
 * session rules equal to the stored state. Every change runs one at a time, in order.
 */
export function createOverrideEngine(deps: EngineDeps) {
  /** Runs each task after every earlier one, so two quick changes cannot interleave. */
  const serial = createSerialQueue();

  /**
   * The state this worker last stored and the session rules it last installed. Only the engine
   * writes either, so until this worker stops they are what a read would return: a click then
   * costs no storage read, no schema check and no getSessionRules round trip before its rules
   * go in. A new worker starts without them and reads both (its first task is a reconcile),
   * reconcile always reads both afresh, and any failure in a commit forgets them.
   */
  let held: { state?: OverrideState; rules?: DnrRule[] } = {};

  /**
   * What this worker last asked the browser for, so a click does not ask again for what is
   * already so (each is a round trip through the browser process, which the tab's next rule
   * and the popup's next answer wait behind). Unknown (undefined) in a new worker: then asked.
   * - `expiryAlarm`: when the expiry alarm fires, or 'none'. A later expiry keeps the earlier
   *   alarm: it fires, reconcile finds nothing expired and sets the alarm for the real expiry.
   * - `resignAlarm`: whether the re-signing alarm may be set.
   * - `badges`: each tab's badge count and the sites it has overrides on, as last shown. The
   *   badge also says how the tab's page loaded and whether a share link waits: whatever changes
   *   those calls refreshBadge, which always shows the badge again, as do navigations (Chrome
   *   clears a tab's badge on a new document) and reconcile.
   */
  let asked: { expiryAlarm?: number | 'none'; resignAlarm?: boolean } = {};
  const badges = new Map<number, string>();

  async function readState(): Promise<OverrideState> {
    // A copy: callers change what they get (null-prototype at every level, as the schema's).
    if (held.state) return deepDict(held.state);
    const raw = (await deps.session.get(OVERRIDE_STATE_KEY))[OVERRIDE_STATE_KEY];
    const parsed = OverrideStateSchema.safeParse(raw ?? {});
    // Our own data; if it is ever unreadable, starting clean is the only safe choice, and
    // reconcile then removes the rules that went with it.
    return parsed.success ? parsed.data : {};
  }

  /** `next` without expired values and gone sites, and the rules (signed tokens in them) it asks for. */
  async function planFor(next: OverrideState, sites: Site[], refuseTooLong: boolean) {
    const cleaned = cleanState(next, sites, deps.now());
    // Signed before anything changes: a token that does not fit refuses the change untouched.
    return { cleaned, ...(await desiredFrom(deps, cleaned, sites, refuseTooLong)) };
  }

  /** Makes rules, alarm and badges match `next`, then stores it. Rules first: if the browser
   *  refuses them, the stored state (and so the popup) stays as it was. `planned`: `next`'s
   *  plan, when the caller has made it already. */
  async function commit(
    next: OverrideState, touchedTabs: Iterable<number>, known?: Site[], refuseTooLong = false,
    planned?: Awaited<ReturnType<typeof planFor>>,
  ): Promise<OverrideState> {
    const sites = known ?? (await deps.sites());
    const { cleaned, desired, signed } = planned ?? (await planFor(next, sites, refuseTooLong));
    const installed = held.rules ?? (await deps.dnr.getSessionRules());
    const diff = planSessionRules(desired, installed, deps.resourceTypes);
    // Until both the rules and the state are in, what this worker holds may not be the truth.
    held = {};
    if (!isEmptyDiff(diff)) await deps.dnr.updateSessionRules(diff);
    try {
      await deps.session.set({ [OVERRIDE_STATE_KEY]: cleaned });
      held = { state: deepDict(cleaned), rules: afterDiff(installed, diff) };
    } catch (error) {
      // The tab would send what the popup does not show. Put the rules back as they were (the
      // browser removes before it adds, so a replaced id comes back too) and say so.
      if (!isEmptyDiff(diff)) {
        const removed = new Set(diff.removeRuleIds);
        await deps.dnr.updateSessionRules({
          removeRuleIds: diff.addRules.map((r) => r.id),
          addRules: installed.filter((r) => removed.has(r.id)),
        });
      }
      const why = error instanceof Error ? error.message : String(error);
      throw new OverrideError(`Flagtab could not save this change (${why}), so nothing was changed: the tab sends what it sent before. Try again; if it keeps failing, close tabs you no longer test in.`, { cause: error });
    }

    const due = earliestExpiry(cleaned);
    if (due === undefined) {
      if (asked.expiryAlarm !== 'none') await deps.alarms.clear(EXPIRY_ALARM);
      asked.expiryAlarm = 'none';
    } else if (asked.expiryAlarm === undefined || asked.expiryAlarm === 'none' || due < asked.expiryAlarm) {
      deps.alarms.create(EXPIRY_ALARM, { when: due });
      asked.expiryAlarm = due;
    }
    // Tokens live an hour at most: sign them again at the next window boundary.
    if (signed) {
      deps.alarms.create(RESIGN_ALARM, { when: nextResign(deps.now()) });
      asked.resignAlarm = true;
    } else if (deps.signer && asked.resignAlarm !== false) {
      await deps.alarms.clear(RESIGN_ALARM);
      asked.resignAlarm = false;
    }

    await Promise.all([...new Set(touchedTabs)].map((tabId) => updateBadge(tabId, cleaned)));
    return cleaned;
  }

  /**
   * Whether the plan of the stored state without closed tabs is already what is stored and
   * installed: nothing expired or closed, no site gone, and the rules it asks for are the ones
   * in the browser (a re-sign at a new window, a changed site or secret asks for others).
   */
  function agrees(planned: Awaited<ReturnType<typeof planFor>>, stored: OverrideState, installed: DnrRule[]): boolean {
    return JSON.stringify(planned.cleaned) === JSON.stringify(stored) && isEmptyDiff(planSessionRules(planned.desired, installed, deps.resourceTypes));
  }

  /** Shows the tab's badge; unless `again`, not when it would show what it shows already.
   *  `cleared`: the tab's new document reset the badge (deps.setBadge). */
  async function updateBadge(tabId: number, state: OverrideState, again = false, cleared = false): Promise<void> {
    const tabSites = state[String(tabId)];
    const n = countValues(tabSites);
    const shown = JSON.stringify([n, Object.keys(tabSites ?? {}).filter((siteId) => Object.keys(tabSites![siteId]!.values).length > 0).sort()]);
    if (!again && badges.get(tabId) === shown) return;
    badges.delete(tabId);
    try {
      await deps.setBadge(tabId, n > 0 ? String(n) : '', tabSites, cleared);
      badges.set(tabId, shown);
    } catch {
      // The tab may be gone; a badge not shown is asked for again next time.
    }
  }

  function changeValues(
    tabId: number, site: Site, state: OverrideState,
    change: (values: Record<string, JsonValue>) => void,
  ): OverrideState {
    const next = structuredClone(state);
    const tabSites = (next[String(tabId)] ??= {});
    // Flag keys come from the provider: null-prototype copies (structuredClone makes plain objects).
    const previous = tabSites[site.id];
    const current: TabSiteState = { values: toDict(previous?.values), setAt: toDict(previous?.setAt), expiresAt: previous?.expiresAt ?? 0 };
    const before = toDict(current.values);
    change(current.values);
    const fit = fitsOnTheWire(current.values);
    if (!fit.ok) throw new OverrideError(`This override cannot be sent: ${fit.error}`);
    const refused = refusalFor(site.transports, current.values);
    if (refused) throw new OverrideError(`This override cannot be sent: ${refused}`);
    const now = deps.now();
    const setAt = current.setAt!;
    for (const key of Object.keys(setAt)) if (!Object.hasOwn(current.values, key)) delete setAt[key];
    for (const [key, value] of Object.entries(current.values)) {
      if (!Object.hasOwn(before, key) || JSON.stringify(before[key]) !== JSON.stringify(value) || setAt[key] === undefined) setAt[key] = now;
    }
    // Every change restarts the clock: overrides last as long after the last touch.
    // A change made in the tab confirms it is on the site.
    tabSites[site.id] = { values: current.values, setAt, expiresAt: now + site.expiryMinutes * 60_000 };
    return next;
  }

  return {
    /** Overrides `key` to `value` for this tab on this site. */
    setOverride(tabId: number, siteId: string, key: string, value: JsonValue) {
      return serial(async () => {
        const sites = await deps.sites();
        const next = changeValues(tabId, requireSite(sites, siteId), await readState(), (v) => { v[key] = value; });
        return (await commit(next, [tabId], sites, true))[String(tabId)]?.[siteId];
      });
    },

    /**
     * Sets several values in this tab on this site at once: one check, one rules update, one
     * badge (a ticket's flags, a scenario, a run's step). `replace` drops the tab's other
     * overrides on the site first, so the tab sends exactly `values` (none: the site's overrides
     * go, as when a run puts back a tab that had none). All or nothing: a value that cannot be
     * sent refuses the whole change.
     *
     * @example engine.setValues(tabId, 'shop', { 'new-checkout': true, 'hero-banner': 'b' }, { replace: true })
     */
    setValues(tabId: number, siteId: string, values: Readonly<Record<string, JsonValue>>, options: { replace?: boolean } = {}) {
      return serial(async () => {
        const sites = await deps.sites();
        const site = requireSite(sites, siteId);
        const state = await readState();
        if (options.replace && Object.keys(values).length === 0) {
          const next = structuredClone(state);
          delete next[String(tabId)]?.[siteId];
          return (await commit(next, [tabId], sites))[String(tabId)]?.[siteId];
        }
        const next = changeValues(tabId, site, state, (v) => {
          if (options.replace) for (const key of Object.keys(v)) delete v[key];
          for (const [key, value] of Object.entries(values)) v[key] = value;
        });
        return (await commit(next, [tabId], sites, true))[String(tabId)]?.[siteId];
      });
    },

    /** Goes back to the site's own value for `key` in this tab. */
    clearOverride(tabId: number, siteId: string, key: string) {
      return serial(async () => {
        const sites = await deps.sites();
        const next = changeValues(tabId, requireSite(sites, siteId), await readState(), (v) => { delete v[key]; });
        return (await commit(next, [tabId], sites))[String(tabId)]?.[siteId];
      });
    },

    /** Removes every override of this tab (on one site, or on all). */
    resetTab(tabId: number, siteId?: string) {
      return serial(async () => {
        const next = structuredClone(await readState());
        if (siteId) delete next[String(tabId)]?.[siteId];
        else delete next[String(tabId)];
        await commit(next, [tabId]);
      });
    },

    /** The tab closed: its rules would otherwise outlive it. */
    tabClosed(tabId: number) {
      return serial(async () => {
        badges.delete(tabId);
        const state = await readState();
        if (!state[String(tabId)]) return;
        const next = structuredClone(state);
        delete next[String(tabId)];
        await commit(next, []);
      });
    },

    /**
     * A tab opened from an overridden tab (a checkout in a new tab) stays under test: it gets
     * a copy of the opener's overrides for every site its first URL belongs to. `openerTabId`
     * must be the tab whose page opened it (webNavigation's `sourceTabId`, or the tab Flagtab
     * opened it for), not Chrome's `tabs.Tab.openerTabId`, which names the active tab. When
     * the URL is not known yet (or is the about:blank a child is opened on before Flagtab
     * navigates it), the tab inherits them all, marked unconfirmed, until `tabNavigated` (or a
     * second call with the URL) learns where it went.
     */
    tabCreated(tab: { id?: number; openerTabId?: number; pendingUrl?: string; url?: string }) {
      return serial(async () => {
        if (tab.id === undefined || tab.openerTabId === undefined) return;
        const state = await readState();
        const opener = state[String(tab.openerTabId)];
        if (!opener) return;
        const sites = await deps.sites();
        const url = [tab.pendingUrl, tab.url].find((u) => u && !u.startsWith('about:'));
        const inherited: Record<string, TabSiteState> = {};
        for (const [siteId, group] of Object.entries(opener)) {
          const site = sites.find((s) => s.id === siteId);
          if (!site || (url && !urlMatchesHosts(site.hosts, url))) continue;
          // The child's pages load from now on, so its overrides count as set now.
          const setAt = Object.fromEntries(Object.keys(group.values).map((key) => [key, deps.now()]));
          inherited[siteId] = { values: structuredClone(group.values), setAt, expiresAt: group.expiresAt, ...(url ? {} : { unconfirmed: true }) };
        }
        if (Object.keys(inherited).length === 0) return;
        const next = structuredClone(state);
        next[String(tab.id)] = inherited;
        await commit(next, [tab.id], sites);
      });
    },

    /**
     * The tab started loading `url` (undefined when Flagtab may not see it, so not a
     * configured site). Inherited overrides are kept only if the tab went to their site.
     */
    tabNavigated(tabId: number, url: string | undefined) {
      return serial(async () => {
        const state = await readState();
        const tabSites = state[String(tabId)];
        // A child waits on about:blank while its rule goes in; that is not where it is going.
        // Chrome clears a tab's badge on a new document: shown again whatever this worker last showed.
        badges.delete(tabId);
        if (!tabSites || url === 'about:blank' || !Object.values(tabSites).some((g) => g.unconfirmed)) return updateBadge(tabId, state, true, true);
        const sites = await deps.sites();
        const next = structuredClone(state);
        const nextSites = next[String(tabId)]!;
        for (const [siteId, group] of Object.entries(nextSites)) {
          if (!group.unconfirmed) continue;
          const site = sites.find((s) => s.id === siteId);
          if (site && urlMatchesHosts(site.hosts, url)) delete group.unconfirmed;
          else delete nextSites[siteId];
        }
        await commit(next, [tabId], sites);
      });
    },

    /**
     * Alarm fired, configuration changed, or the service worker started: make everything agree.
     * `{ onStart: true }` (the worker's start-up): a worker that finds everything as the last one
     * left it writes nothing. Every other caller has a reason to write: an alarm (the expiry or
     * re-signing one, re-armed by the commit), a changed site, key, secret or permission.
     */
    reconcile(options: { onStart?: boolean } = {}) {
      return serial(async () => {
        // Reads the stored state and the installed rules, not what this worker remembers, and
        // asks for the alarms and badges again (an alarm that fired is gone); the reads are
        // independent, so asked at once.
        held = {};
        asked = {};
        badges.clear();
        const [state, openIds, sites, installed] = await Promise.all([readState(), deps.openTabIds(), deps.sites(), deps.dnr.getSessionRules()]);
        const open = new Set(openIds);
        const next = Object.fromEntries(Object.entries(state).filter(([tabId]) => open.has(Number(tabId))));
        // Most wakes find everything as the last worker left it. Then there is nothing to write:
        // rewriting the same state, alarms and badges only delays the event that woke the worker
        // (a click waits behind this reconcile).
        const planned = await planFor(next, sites, false);
        if (options.onStart && agrees(planned, state, installed)) {
          held = { state: deepDict(state), rules: installed };
          return;
        }
        // The rules were just read: the commit plans against them rather than asking again.
        held = { rules: installed };
        await commit(next, Object.keys(state).map(Number).filter((id) => open.has(id)), sites, false, planned);
      });
    },

    /** Shows the tab's badge again (its current document's load changed what it says). */
    refreshBadge(tabId: number) {
      return serial(async () => updateBadge(tabId, await readState(), true));
    },

    /** The tab's overrides per site, as they are installed now (expired ones removed first). */
    getTab(tabId: number) {
      return serial(async () => {
        const state = await readState();
        const live = withoutExpired(state, deps.now());
        if (JSON.stringify(live) !== JSON.stringify(state)) await commit(live, Object.keys(state).map(Number));
        return live[String(tabId)] ?? {};
      });
    },

  };
}

export type OverrideEngine = ReturnType<typeof createOverrideEngine>;
