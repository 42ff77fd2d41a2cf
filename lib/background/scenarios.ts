import type { Tabs } from 'webextension-polyfill';
import type { ConfigStore } from '../config/store';
import type { Site } from '../config/schema';
import { findSiteForUrl, requireSite } from '../config/hosts';
import type { OverrideEngine } from '../overrides/engine';
import { OverrideError } from '../overrides/engine';
import type { OverridesView } from '../overrides/view';
import type { TabSiteState } from '../overrides/state';
import type { Handlers } from '../messaging/router';
import { matchingScenario, scenarioId, scenariosOfSite, startUrl, type Scenario } from '../scenarios/scenario';
import { nextInCycle, presenterCycle } from '../scenarios/presenter';
import { toDict } from '../dict';
import type { JsonValue } from '../json-value';

export interface ScenarioDeps {
  config: Pick<ConfigStore, 'load' | 'updateScenarios'>;
  engine: Pick<OverrideEngine, 'setValues' | 'getTab'>;
  sites(): Promise<Site[]>;
  tabs: { get(tabId: number): Promise<Tabs.Tab>; update(tabId: number, change: { url: string }): Promise<unknown>; reload(tabId: number): Promise<unknown> };
}

const view = (group: TabSiteState | undefined): OverridesView => ({ overrides: group?.values ?? {}, overrideSetAt: group?.setAt, expiresAt: group?.expiresAt });

/**
 * Scenarios in the background: save the tab's overrides as one, apply one to a tab, and say
 * which one a tab is in (for the popup and the sign-off). The pages send intents; what is
 * saved is what the engine holds for the tab, never what a page says it holds.
 */
export function registerScenarios(deps: ScenarioDeps) {
  async function all(): Promise<Scenario[]> {
    const loaded = await deps.config.load();
    return loaded.ok ? loaded.config.scenarios : [];
  }

  /** The tab's site, which must be `siteId`: a popup opened on another page cannot act on this one. */
  async function siteOfTab(tabId: number, siteId?: string): Promise<{ site: Site; url: string | undefined }> {
    const tab = await deps.tabs.get(tabId).catch(() => undefined);
    if (!tab) throw new Error(`Tab ${tabId} is closed: open Flagtab again from the tab you are testing.`);
    const site = findSiteForUrl(await deps.sites(), tab.url);
    if (!site || (siteId !== undefined && site.id !== siteId)) {
      throw new OverrideError('This tab is no longer on that site: open Flagtab again from the tab you are testing.');
    }
    return { site, url: tab.url };
  }

  /**
   * The presenter shortcut (and the popup's "Next scenario"): the tab goes to the next scenario
   * of its site's cycle, and reloads so the audience sees it.
   */
  async function presentNext(tabId: number) {
    const tab = await deps.tabs.get(tabId).catch(() => undefined);
    const site = tab && findSiteForUrl(await deps.sites(), tab.url);
    if (!site) throw new OverrideError('This tab is not on a site set up in Flagtab: the presenter shortcut switches scenarios on a configured site.');
    const cycle = presenterCycle(await all(), site.id);
    const values = (await deps.engine.getTab(tabId))[site.id]?.values ?? {};
    const next = nextInCycle(cycle, site.id, values);
    if (!next) throw new OverrideError(`${site.name} has no saved scenarios to present: save the "before" and "after" overrides as scenarios first.`);
    const group = await deps.engine.setValues(tabId, site.id, next.values, { replace: true });
    await deps.tabs.reload(tabId);
    return { ...view(group), scenario: next.name, position: cycle.indexOf(next) + 1, of: cycle.length };
  }

  const handlers: Pick<Handlers, 'overrides/set-many' | 'scenarios/apply' | 'scenarios/save' | 'scenarios/next'> = {
    'scenarios/next': ({ tabId }) => presentNext(tabId),

    async 'overrides/set-many'({ tabId, siteId, values }) {
      requireSite(await deps.sites(), siteId);
      return view(await deps.engine.setValues(tabId, siteId, values));
    },

    async 'scenarios/apply'({ tabId, scenarioId: id }) {
      const scenario = (await all()).find((s) => s.id === id);
      if (!scenario) throw new OverrideError('This scenario is no longer saved: it was deleted or renamed in Settings. Open Flagtab again.');
      const { url } = await siteOfTab(tabId, scenario.siteId);
      const group = await deps.engine.setValues(tabId, scenario.siteId, scenario.values, { replace: true });
      const opened = startUrl(url, scenario.startPath);
      // The rules are in before the navigation starts, so the start page loads under the scenario.
      if (opened) await deps.tabs.update(tabId, { url: opened });
      return { ...view(group), ...(opened ? { opened } : {}) };
    },

    async 'scenarios/save'({ tabId, siteId, name, startPath, tickets }) {
      await siteOfTab(tabId, siteId);
      const values = (await deps.engine.getTab(tabId))[siteId]?.values ?? {};
      if (Object.keys(values).length === 0) throw new OverrideError('Nothing is overridden in this tab: set the flags first, then save them as a scenario.');
      let saved: Scenario | undefined;
      let replaced = false;
      const result = await deps.config.updateScenarios((scenarios) => {
        const same = scenarios.find((s) => s.siteId === siteId && s.name.toLowerCase() === name.toLowerCase());
        replaced = same !== undefined;
        saved = {
          id: same?.id ?? scenarioId(name, scenarios.map((s) => s.id)),
          siteId, name, tickets: [...new Set(tickets)], values: toDict(values),
          ...(startPath ? { startPath } : {}),
        };
        return same ? scenarios.map((s) => (s === same ? saved! : s)) : [...scenarios, saved];
      });
      if (!result.ok) throw new OverrideError(`The scenario was not saved: ${result.error}`);
      return { scenario: saved!, replaced, scenarios: scenariosOfSite(result.config.scenarios, siteId) };
    },
  };

  return {
    handlers,
    presentNext,
    /** The site's scenarios, for the popup. */
    ofSite: async (siteId: string) => scenariosOfSite(await all(), siteId),
    /** The name of the saved scenario whose values are exactly these overrides, for the sign-off. */
    nameOf: async (siteId: string, values: Record<string, JsonValue>) => matchingScenario(await all(), siteId, values)?.name,
  };
}
