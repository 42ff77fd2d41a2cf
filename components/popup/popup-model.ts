import { computed, signal } from '@preact/signals';
import type { Flag } from '../../lib/catalogue/flag';
import type { JsonValue } from '../../lib/json';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { OverridesView, PopupState } from '../../lib/messaging/protocol';

/** A row in the popup: a catalogue flag, or an override whose flag left the catalogue. */
export interface FlagRowData {
  flag: Flag;
  override?: JsonValue;
  overridden: boolean;
  inCatalogue: boolean;
}

export interface PopupDeps {
  client: BackgroundClient;
  tabId: number;
  /** Opens the options page, on the "add site" form when a host is given. */
  openOptions(addHost?: string): void;
}

function matches(flag: Flag, words: string[]): boolean {
  const text = [flag.key, flag.name, flag.description, ...flag.tags].join(' ').toLowerCase();
  return words.every((w) => text.includes(w));
}

/** State and intents of the popup; the views only read these and call the methods. */
export function createPopupModel(deps: PopupDeps) {
  const state = signal<PopupState | undefined>(undefined);
  const loadError = signal<string | undefined>(undefined);
  /** The last action's failure, with the flag it concerned. */
  const actionError = signal<{ key?: string; message: string } | undefined>(undefined);
  const query = signal('');
  const refreshing = signal(false);

  const rows = computed<FlagRowData[]>(() => {
    const s = state.value;
    if (!s?.catalogue) return [];
    const overrides = s.overrides;
    const known = new Set<string>();
    const result: FlagRowData[] = s.catalogue.flags.map((flag) => {
      known.add(flag.key);
      const overridden = Object.hasOwn(overrides, flag.key);
      return { flag, overridden, override: overridden ? overrides[flag.key] : undefined, inCatalogue: true };
    });
    for (const [key, value] of Object.entries(overrides)) {
      if (known.has(key)) continue;
      const type = typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : 'json';
      result.unshift({ flag: { key, type, variants: [], tags: [], tickets: [], links: [] }, overridden: true, override: value, inCatalogue: false });
    }
    return result;
  });

  const visibleRows = computed(() => {
    const words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    return words.length === 0 ? rows.value : rows.value.filter((r) => matches(r.flag, words));
  });

  const overrideCount = computed(() => Object.keys(state.value?.overrides ?? {}).length);

  /** The tab's host name, when Flagtab may see its URL and it is a web page. */
  const tabHost = computed(() => {
    const url = state.value?.tabUrl;
    try {
      return url ? new URL(url).hostname || undefined : undefined;
    } catch {
      return undefined; // about:blank and the like
    }
  });

  /** Runs an intent; its answer replaces the whole state, or (for override changes) just the overrides. */
  async function run(key: string | undefined, action: () => Promise<PopupState | OverridesView>) {
    actionError.value = undefined;
    try {
      const answer = await action();
      const { expiresAt: _old, ...current } = state.value ?? ({ tabId: deps.tabId, overrides: {} } as PopupState);
      state.value = { ...current, ...answer };
    } catch (error) {
      actionError.value = { key, message: error instanceof Error ? error.message : String(error) };
    }
  }

  const siteId = () => {
    const id = state.value?.site?.id;
    if (!id) throw new Error('This tab is not on a configured site.');
    return id;
  };

  return {
    state, loadError, actionError, query, refreshing, rows, visibleRows, overrideCount, tabHost,

    async load() {
      try {
        state.value = await deps.client.request('popup/state', { tabId: deps.tabId });
        loadError.value = undefined;
      } catch (error) {
        loadError.value = error instanceof Error ? error.message : String(error);
      }
    },
    setOverride(key: string, value: JsonValue) {
      return run(key, () => deps.client.request('overrides/set', { tabId: deps.tabId, siteId: siteId(), key, value }));
    },
    clearOverride(key: string) {
      return run(key, () => deps.client.request('overrides/clear', { tabId: deps.tabId, siteId: siteId(), key }));
    },
    resetAll() {
      return run(undefined, () => deps.client.request('overrides/reset', { tabId: deps.tabId, siteId: siteId() }));
    },
    async refreshCatalogue() {
      refreshing.value = true;
      await run(undefined, () => deps.client.request('catalogue/refresh', { tabId: deps.tabId, siteId: siteId() }));
      refreshing.value = false;
    },
    setUpThisSite: () => deps.openOptions(tabHost.value),
    openOptions: () => deps.openOptions(),
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
