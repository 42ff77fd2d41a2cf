import { computed, signal } from '@preact/signals';
import type { Flag } from '../../lib/flags/flag';
import type { JsonValue } from '../../lib/json';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { PopupState } from '../../lib/messaging/protocol';
import type { OverridesView } from '../../lib/overrides/view';
import type { CachedFlagsRef } from '../../lib/catalogue/cache-keys';
import type { TabDetections } from '../../lib/detect/observation';
import type { PageFlagState } from '../../lib/detect/verdict';
import { createShareModel } from './share-model';
import { createGrouper } from './flag-list';
import { createRowBuilder } from './row-builder';
import { createPageSummariser } from './page-summary';
import { loadFirst, type FirstLoad, type ReadCachedFlags } from './first-load';

/** A row in the popup: a catalogue flag, an override whose flag left the catalogue, or a flag only the page mentions. */
export interface FlagRowData {
  flag: Flag;
  override?: JsonValue;
  overridden: boolean;
  inCatalogue: boolean;
  /** What the page in the tab says about this flag, against the override. */
  page: PageFlagState;
}

/** Counts for the popup's "on this page" line. */
export interface PageSummary {
  reported: number;
  notHonoured: number;
  reload: number;
}

/** How far a long catalogue load has got (published by the background in storage.session). */
export interface LoadProgress {
  loaded: number;
  total?: number;
  message?: string;
}

export interface PopupDeps {
  client: BackgroundClient;
  tabId: number;
  /** Calls back with the site's catalogue load progress until the returned function is called. */
  watchProgress?(siteId: string, callback: (progress: LoadProgress | undefined) => void): () => void;
  /**
   * Reads chunks [from, to) of the flags the background cached (storage.local); undefined when
   * they are gone or for another source.
   */
  readCachedFlags?: ReadCachedFlags;
  /** Opens the options page, on the "add site" form when a host is given. */
  openOptions(addHost?: string): void;
  /**
   * Opens the QA sign-off side panel for the tab. Runs inside the click (browsers open panels
   * only in answer to a user gesture), so it must not wait for anything first.
   */
  openSignOff?(tabId: number): void;
  /** Calls back with what the tab's page is seen to use, as it changes, until the returned function is called. */
  watchPage?(tabId: number, callback: (detections: TabDetections | undefined) => void): () => void;
  /** Calls back when the tab loads another page (the background then knows whether it carried the overrides). */
  watchLoad?(tabId: number, callback: () => void): () => void;
  /** Writes text to the clipboard ("Copy share link"). */
  copyText?(text: string): Promise<void>;
}

/**
 * Each flag's searchable text, lower-cased once per catalogue rather than once per keystroke:
 * that keeps a keystroke over 10,000 flags well inside a frame.
 */
const haystacks = new WeakMap<Flag, string>();
function haystack(flag: Flag): string {
  let text = haystacks.get(flag);
  if (text === undefined) {
    text = [flag.key, flag.name, flag.description?.slice(0, 500), ...flag.tags, ...flag.tickets].join('\u0000').toLowerCase();
    haystacks.set(flag, text);
  }
  return text;
}

/** Rows whose flag mentions every word of the query (key, name, description, tags, tickets). */
export function filterRows<T extends { flag: Flag }>(rows: readonly T[], query: string): readonly T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((r) => {
    const text = haystack(r.flag);
    return words.every((w) => text.includes(w));
  });
}

/** State and intents of the popup; the views only read these and call the methods. */
export function createPopupModel(deps: PopupDeps) {
  const state = signal<PopupState | undefined>(undefined);
  const loadError = signal<string | undefined>(undefined);
  /** The last action's failure, with the flag it concerned. */
  const actionError = signal<{ key?: string; message: string } | undefined>(undefined);
  const query = signal('');
  const refreshing = signal(false);

  /** Only the flags the page reported, when the tester asks for them. */
  const onlyOnPage = signal(false);
  const detections = computed(() => state.value?.page?.detections);

  /**
   * One field of the state, as its own signal: an answer to a click replaces the state but keeps
   * the fields it did not change (the same objects), so a part of the popup that reads only
   * these is not drawn again after a click.
   */
  const part = <K extends keyof PopupState>(key: K) => computed(() => state.value?.[key]);

  const buildRows = createRowBuilder();
  const rows = computed<FlagRowData[]>(() => (state.value ? buildRows(state.value, detections.value) : []));

  /** Counted afresh only when more than a click's rows changed (page-summary.ts). */
  const summarise = createPageSummariser(buildRows.changeOf);
  const pageSummary = computed<PageSummary>(() => summarise(rows.value));

  const visibleRows = computed(() => {
    const matching = filterRows(rows.value, query.value);
    return onlyOnPage.value ? matching.filter((r) => r.page.readings.length > 0 || r.page.verdict !== 'none') : matching;
  });
  /** The visible rows as the popup lists them: overridden first, then on this page, then by tag. */
  const groupVisible = createGrouper(buildRows.changeOf);
  const listItems = computed(() => groupVisible(visibleRows.value));
  /** "120 of 10000 flags": a string, so a click that changes no count tells nobody. */
  const countLine = computed(() => `${visibleRows.value.length} of ${rows.value.length} flags`);
  const progress = signal<LoadProgress | undefined>(undefined);

  const overrideCount = computed(() => Object.keys(state.value?.overrides ?? {}).length);
  const hasOverrides = computed(() => overrideCount.value > 0);

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

  /** Appends the cached chunks after the first; false when they are gone. */
  async function readRest(ref: CachedFlagsRef): Promise<boolean> {
    const rest = await deps.readCachedFlags?.(ref, 1, ref.chunks);
    const current = state.value?.catalogue;
    if (!rest || !current) return false;
    state.value = { ...state.value!, catalogue: { ...current, flags: [...current.flags, ...rest] } };
    return true;
  }

  async function refreshBehind() {
    const id = state.value?.site?.id;
    if (!id) return;
    refreshing.value = true;
    const stop = deps.watchProgress?.(id, (p) => { progress.value = p; });
    try {
      const answer = await deps.client.request('catalogue/refresh', { tabId: deps.tabId, siteId: id });
      // Only the catalogue: overrides changed while the fetch ran must not be rolled back.
      if (state.value && answer.catalogue) state.value = { ...state.value, catalogue: answer.catalogue };
    } catch (error) {
      actionError.value = { message: error instanceof Error ? error.message : String(error) };
    } finally {
      stop?.();
      progress.value = undefined;
      refreshing.value = false;
    }
  }

  const siteId = () => {
    const id = state.value?.site?.id;
    if (!id) throw new Error('This tab is not on a configured site.');
    return id;
  };

  let stopWatchingPage: (() => void) | undefined;

  const model = {
    state, loadError, actionError, query, refreshing, rows, visibleRows, listItems, overrideCount, tabHost, progress,
    onlyOnPage, detections, pageSummary, countLine, hasOverrides,
    /** Whether the first answer is in (the state, or an error). */
    answered: computed(() => state.value !== undefined),
    site: part('site'), catalogue: part('catalogue'), page: part('page'), expiresAt: part('expiresAt'),
    loadedWithout: part('loadedWithout'), signing: part('signing'), address: part('address'),
    missingSecrets: part('missingSecrets'), scenarios: part('scenarios'),
    /** Which positions of `listItems` changed from the list before it (a click), for the list's layout. */
    listChangeOf: groupVisible.changeOf,

    /**
     * Shows the cached catalogue at once (from `started`, the first load the popup's entry began
     * before this code ran, when given); when the background says it is missing or old,
     * refreshes it behind the list (stale-while-revalidate) and swaps the flags in when done.
     */
    async load(started?: Promise<FirstLoad>) {
      let answer: PopupState;
      let stale: boolean;
      try {
        // The first chunk now, so the popup is usable at once; the rest just after (below).
        const first = await (started ?? loadFirst(deps.client, deps.tabId, deps.readCachedFlags));
        answer = first.answer;
        stale = (answer.catalogue?.needsRefresh ?? false) || first.flagsGone;
        loadError.value = undefined;
      } catch (error) {
        loadError.value = error instanceof Error ? error.message : String(error);
        return;
      }
      state.value = answer;
      stopWatchingPage?.();
      const stopPage = deps.watchPage?.(deps.tabId, (seen) => {
        const current = state.value;
        if (current?.page) state.value = { ...current, page: { ...current.page, detections: seen } };
      });
      // A new page in the tab may clear (or raise) "loaded without your overrides": ask again.
      const stopLoad = deps.watchLoad?.(deps.tabId, () => void model.load());
      stopWatchingPage = () => { stopPage?.(); stopLoad?.(); };
      const ref = answer.catalogue?.cachedFlags;
      if (!stale && ref && ref.chunks > 1) stale = !(await readRest(ref));
      if (stale) await refreshBehind();
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
    refreshCatalogue: () => refreshBehind(),
    /** Outlines the page's flagged elements (or stops). */
    setOutline(on: boolean) {
      return run(undefined, async () => {
        const answer = await deps.client.request('page/outline', { tabId: deps.tabId, on });
        if (!answer.applied && on) throw new Error('Flagtab\'s page script is not running in this tab yet: reload the page, then try again.');
        const current = state.value!;
        const seen = current.page?.detections;
        return { ...current, page: current.page && { ...current.page, ...(seen ? { detections: { ...seen, outline: on } } : {}) } };
      });
    },
    /** Reloads the tab, so the page is served again with the overrides set since it loaded. */
    reloadTab() {
      return run(undefined, async () => {
        await deps.client.request('tab/reload', { tabId: deps.tabId });
        return state.value!;
      });
    },
    dispose: () => stopWatchingPage?.(),
    setUpThisSite: () => deps.openOptions(tabHost.value),
    openOptions: () => deps.openOptions(),
    /** Whether "Sign off…" can be offered: the tab is on a configured site and the popup can open the panel. */
    canSignOff: computed(() => Boolean(state.value?.site && deps.openSignOff)),
    signOff: () => deps.openSignOff?.(deps.tabId),
    /** For the popup's parts with models of their own (scenarios-model.ts): the client and the intent runner. */
    client: deps.client,
    act: run,
    share: createShareModel({ client: deps.client, tabId: deps.tabId, copyText: deps.copyText, onApplied: () => void model.load() }),
  };
  return model;
}

export type PopupModel = ReturnType<typeof createPopupModel>;
