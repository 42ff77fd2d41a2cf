import type { JsonValue } from '../json';
import { detectionKey } from './session-key';
import {
  LIMITS, MARKER_SOURCES,
  type ObservedSource, type PageReport, type StoredObservation, type TabDetections,
} from './observation';

export interface DetectionStoreDeps {
  session: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
    remove(key: string): Promise<void>;
  };
  now(): number;
  /** How long changes gather in memory before one write; 0 writes after each change. */
  flushDelayMs?: number;
}

const MAX_NOTES = 10;
const MARKERS = new Set<ObservedSource>(MARKER_SOURCES);

export function emptyDetections(documentStartedAt: number, url?: string): TabDetections {
  return { documentStartedAt, ...(url ? { url } : {}), flags: {}, contentScript: false, sdks: [], dropped: 0, notes: [], outline: false };
}

/**
 * What each tab's page is known to use, in `storage.session` (it outlives a service-worker
 * restart, like the overrides). Changes gather in memory and are written together shortly
 * after, so a page making a hundred API calls costs a few writes, not a hundred.
 */
export function createDetectionStore(deps: DetectionStoreDeps) {
  const cache = new Map<number, TabDetections>();
  const loading = new Map<number, Promise<TabDetections | undefined>>();
  const dirty = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pendingFlush: Promise<void> = Promise.resolve();

  async function read(tabId: number): Promise<TabDetections | undefined> {
    const cached = cache.get(tabId);
    if (cached) return cached;
    let load = loading.get(tabId);
    if (!load) {
      load = deps.session.get(detectionKey(tabId)).then((items) => {
        // Our own data, written by this code; a shape from an older version is simply dropped.
        const stored = items[detectionKey(tabId)] as TabDetections | undefined;
        const value = stored && typeof stored === 'object' && stored.flags ? stored : undefined;
        if (value && !cache.has(tabId)) cache.set(tabId, value);
        loading.delete(tabId);
        return cache.get(tabId);
      });
      loading.set(tabId, load);
    }
    return load;
  }

  function schedule(tabId: number) {
    dirty.add(tabId);
    if (timer !== undefined) return;
    timer = setTimeout(() => void flush(), deps.flushDelayMs ?? 50);
  }

  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const items: Record<string, unknown> = {};
    for (const tabId of dirty) {
      const value = cache.get(tabId);
      if (value) items[detectionKey(tabId)] = value;
    }
    dirty.clear();
    if (Object.keys(items).length === 0) return pendingFlush;
    pendingFlush = pendingFlush.then(() => deps.session.set(items)).catch((error: unknown) => {
      console.error('Flagtab: could not store what the page uses', error);
    });
    return pendingFlush;
  }

  /** Applies `change` to the tab's detections (a fresh record when there is none yet). */
  async function update(tabId: number, change: (d: TabDetections) => void, startedAt?: number): Promise<TabDetections> {
    const current = (await read(tabId)) ?? emptyDetections(startedAt ?? deps.now());
    cache.set(tabId, current);
    change(current);
    schedule(tabId);
    return current;
  }

  function put(d: TabDetections, key: string, source: ObservedSource, observation: StoredObservation): boolean {
    let entry = d.flags[key];
    if (!entry) {
      if (Object.keys(d.flags).length >= LIMITS.flagsPerTab) {
        d.dropped++;
        return false;
      }
      entry = d.flags[key] = {};
    }
    entry[source] = observation;
    return true;
  }

  function note(d: TabDetections, text: string) {
    if (d.notes.includes(text)) return;
    d.notes.push(text.slice(0, LIMITS.noteLength));
    if (d.notes.length > MAX_NOTES) d.notes.splice(0, d.notes.length - MAX_NOTES);
  }

  /** Drops what came before `startedAt`: it described the previous document. */
  function startDocument(d: TabDetections, startedAt: number, url?: string) {
    const fresh = emptyDetections(startedAt, url ?? d.url);
    fresh.outline = d.outline;
    for (const [key, sources] of Object.entries(d.flags)) {
      for (const [source, o] of Object.entries(sources) as [ObservedSource, StoredObservation][]) {
        if (o.at >= startedAt && !MARKERS.has(source)) (fresh.flags[key] ??= {})[source] = o;
      }
    }
    Object.assign(d, fresh);
    delete d.serviceWorker; // optional, so fresh has no key to overwrite it with
  }

  return {
    get: async (tabId: number) => read(tabId),

    /** The tab began loading a new top-level document (a webRequest for its main frame). */
    navigated: (tabId: number, startedAt: number, url: string) =>
      update(tabId, (d) => startDocument(d, startedAt, url), startedAt),

    /**
     * The content script started in a document. A document newer than the last navigation we
     * saw (one we missed) starts afresh; the page's clock is trusted no further than ours.
     */
    hello: (tabId: number, documentStartedAt: number) => {
      const started = Math.min(documentStartedAt, deps.now());
      return update(tabId, (d) => {
        if (started > d.documentStartedAt + 1_000) startDocument(d, started);
        d.contentScript = true;
      }, started);
    },

    /** A validated report from the content script. */
    report: (tabId: number, report: PageReport) =>
      update(tabId, (d) => {
        const now = deps.now();
        // A report about an older document arrives late: it no longer describes the page.
        if (report.documentStartedAt < d.documentStartedAt - 1_000) return;
        if (report.kind === 'markers') {
          for (const [key, sources] of Object.entries(d.flags)) {
            for (const source of MARKER_SOURCES) delete sources[source];
            if (Object.keys(sources).length === 0) delete d.flags[key];
          }
        }
        for (const o of report.observations) {
          put(d, o.key, o.source, {
            ...(o.value !== undefined ? { value: o.value } : {}),
            ...(o.detail ? { detail: o.detail } : {}),
            ...(o.forced ? { forced: true } : {}),
            ...(o.elements !== undefined ? { elements: o.elements } : {}),
            at: Math.min(o.at, now),
          });
        }
        for (const text of report.notes) note(d, text);
        for (const sdk of report.sdks) if (!d.sdks.includes(sdk)) d.sdks.push(sdk);
        d.dropped += report.dropped;
        // Per document: startDocument's fresh record has no such flag.
        if (report.serviceWorker) d.serviceWorker = true;
      }),

    /** The app's echo header on a response for this tab: the values that response used. */
    echo: (tabId: number, echo: { values: Record<string, JsonValue>; at: number; detail: string } | { error: string }) =>
      update(tabId, (d) => {
        if ('error' in echo) return note(d, echo.error);
        for (const [key, value] of Object.entries(echo.values)) {
          put(d, key, 'echo-header', { value, detail: echo.detail, at: echo.at });
        }
      }),

    /** A report refused by the rate limit or validation: counted, so the popup can say so. */
    dropped: (tabId: number, count: number, why?: string) =>
      update(tabId, (d) => {
        d.dropped += count;
        if (why) note(d, why);
      }),

    setOutline: (tabId: number, on: boolean) => update(tabId, (d) => { d.outline = on; }),

    forget: async (tabId: number) => {
      cache.delete(tabId);
      dirty.delete(tabId);
      await deps.session.remove(detectionKey(tabId));
    },

    /** Writes pending changes now (tests, and before answering the popup). */
    flush,
  };
}

export type DetectionStore = ReturnType<typeof createDetectionStore>;
