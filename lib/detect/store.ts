import type { JsonValue } from '../json';
import type { ServerDecision } from './status';
import { deepDict, dict } from '../dict';
import { DETECTION_PREFIX, detectionKey } from './session-key';
import { DETECTION_BUDGET, storedBytes, trimToBytes } from './budget';
import {
  LIMITS, MARKER_SOURCES,
  type ObservedSource, type PageReport, type StoredObservation, type TabDetections,
} from './observation';

export interface DetectionStoreDeps {
  session: {
    get(key: string | null): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
    remove(key: string | string[]): Promise<void>;
  };
  now(): number;
  /** Whether the tab is open: a report for a tab that closed must not leave a record behind. */
  isTabOpen?(tabId: number): Promise<boolean>;
  /** Bytes the records may take (DETECTION_BUDGET unless a test says otherwise). */
  budget?: { perTabBytes: number; totalBytes: number };
  /** How long changes gather in memory before one write (FLUSH_DELAY_MS); 0 writes after each change. */
  flushDelayMs?: number;
}

/**
 * A page load's changes (the document, its echo and status, the script's hello and first
 * reports) arrive within a few hundred ms: gathered this long, they are one or two writes after
 * the load rather than three or four during it (bench/page-load-work.ts counted 3.3 at 50 ms),
 * each a storage.session write and a storage.onChanged to every listener. The popup reads
 * through `flush`, so it never waits for the timer.
 */
const FLUSH_DELAY_MS = 250;

const MAX_NOTES = 10;
/** Closed tabs remembered, so a late report cannot bring back their record; the oldest go first. */
const MAX_CLOSED = 1000;
const MARKERS = new Set<ObservedSource>(MARKER_SOURCES);

export function emptyDetections(documentStartedAt: number, url?: string): TabDetections {
  // flags is keyed by what the page says: a null-prototype record (lib/dict.ts).
  return { documentStartedAt, ...(url ? { url } : {}), flags: dict(), contentScript: false, sdks: [], dropped: 0, notes: [], outline: false };
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
  const closed = new Set<number>();
  /** Bytes each tab's record took when last written (or found at start). */
  const sizes = new Map<number, number>();
  const budget = deps.budget ?? DETECTION_BUDGET;
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
        // Storage hands keys such as "__proto__" back as own properties of plain objects.
        const value = stored && typeof stored === 'object' && stored.flags && typeof stored.flags === 'object'
          ? { ...stored, flags: deepDict(stored.flags) }
          : undefined;
        if (value && !cache.has(tabId) && !closed.has(tabId)) cache.set(tabId, value);
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
    timer = setTimeout(() => void flush(), deps.flushDelayMs ?? FLUSH_DELAY_MS);
  }

  /**
   * Keeps every record within its budget and all of them within theirs: a tab over its own is
   * trimmed; while the total is over, the largest record is trimmed to half its size.
   */
  function withinBudget(tabIds: Set<number>) {
    for (const tabId of tabIds) {
      const d = cache.get(tabId);
      if (!d) continue;
      trimToBytes(d, detectionKey(tabId), budget.perTabBytes, (text) => note(d, text));
      sizes.set(tabId, storedBytes(detectionKey(tabId), d));
    }
    let total = [...sizes.values()].reduce((a, b) => a + b, 0);
    while (total > budget.totalBytes) {
      // Only cached records can be trimmed; the rest were written within budget by this worker
      // or one before it, and a record not in memory is read again the next time its tab reports.
      const largest = [...sizes].filter(([id]) => cache.has(id)).sort((a, b) => b[1] - a[1])[0];
      if (!largest) break;
      const [tabId, bytes] = largest;
      const d = cache.get(tabId)!;
      trimToBytes(d, detectionKey(tabId), Math.floor(bytes / 2), (text) => note(d, text));
      const after = storedBytes(detectionKey(tabId), d);
      sizes.set(tabId, after);
      tabIds.add(tabId);
      total -= bytes - after;
      if (after >= bytes) break;
    }
  }

  function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const tabIds = new Set(dirty);
    dirty.clear();
    if (tabIds.size === 0) return pendingFlush;
    withinBudget(tabIds);
    pendingFlush = pendingFlush.then(() => {
      // Built when the write runs: a tab that closed meanwhile must not be written back.
      const items: Record<string, unknown> = {};
      for (const tabId of tabIds) {
        const value = cache.get(tabId);
        if (value && !closed.has(tabId)) items[detectionKey(tabId)] = value;
      }
      return Object.keys(items).length > 0 ? deps.session.set(items) : undefined;
    }).catch((error: unknown) => {
      console.error('Flagtab: could not store what the page uses', error);
    });
    return pendingFlush;
  }

  /** Applies `change` to the tab's detections (a fresh record when there is none yet). */
  async function update(tabId: number, change: (d: TabDetections) => void, startedAt?: number): Promise<TabDetections> {
    const found = closed.has(tabId) ? undefined : await read(tabId);
    // A tab that closed (or that we cannot see open) gets no record: nothing would remove it.
    const gone = closed.has(tabId) || (!found && deps.isTabOpen !== undefined && !(await deps.isTabOpen(tabId)));
    if (gone || closed.has(tabId)) return emptyDetections(startedAt ?? deps.now());
    // The cache first: another change may have created the record while this one waited.
    const current = cache.get(tabId) ?? found ?? emptyDetections(startedAt ?? deps.now());
    cache.set(tabId, current);
    change(current);
    schedule(tabId);
    return current;
  }

  function put(d: TabDetections, key: string, source: ObservedSource, observation: StoredObservation): boolean {
    let entry = Object.hasOwn(d.flags, key) ? d.flags[key] : undefined;
    if (!entry) {
      if (Object.keys(d.flags).length >= LIMITS.flagsPerTab) {
        d.dropped++;
        return false;
      }
      entry = d.flags[key] = dict();
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
        if (o.at >= startedAt && !MARKERS.has(source)) (fresh.flags[key] ??= dict())[source] = o;
      }
    }
    const decision = d.serverDecision;
    Object.assign(d, fresh);
    delete d.serviceWorker; // optional, so fresh has no key to overwrite it with
    // The document's own response may be heard before its navigation is.
    if (decision && decision.at >= startedAt) d.serverDecision = decision;
    else delete d.serverDecision;
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

    /** The server's status header on the tab's page: what it did with the signed overrides. */
    serverDecision: (tabId: number, decision: ServerDecision) => update(tabId, (d) => { d.serverDecision = decision; }),

    /** A report refused by the rate limit or validation: counted, so the popup can say so. */
    dropped: (tabId: number, count: number, why?: string) =>
      update(tabId, (d) => {
        d.dropped += count;
        if (why) note(d, why);
      }),

    setOutline: (tabId: number, on: boolean) => update(tabId, (d) => { d.outline = on; }),

    /** The tab closed: its record goes, and nothing it still sends brings it back. */
    forget: (tabId: number) => {
      closed.add(tabId);
      if (closed.size > MAX_CLOSED) closed.delete(closed.values().next().value!);
      cache.delete(tabId);
      dirty.delete(tabId);
      sizes.delete(tabId);
      // After any write already queued, which may hold this tab's record.
      pendingFlush = pendingFlush.then(() => deps.session.remove(detectionKey(tabId)));
      return pendingFlush;
    },

    /**
     * The worker started: records of tabs that closed while it was not listening go (their
     * `tabs.onRemoved` never reached us), and the others' sizes count against the budget.
     */
    pruneClosed: async (openTabIds: () => Promise<readonly number[]>) => {
      // Records first, then tabs: a tab opened in between has no record in this snapshot.
      const all = await deps.session.get(null);
      const open = new Set(await openTabIds());
      const stale: string[] = [];
      for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(DETECTION_PREFIX)) continue;
        const tabId = Number(key.slice(DETECTION_PREFIX.length));
        if (open.has(tabId)) sizes.set(tabId, storedBytes(key, value));
        else stale.push(key);
      }
      if (stale.length > 0) {
        pendingFlush = pendingFlush.then(() => deps.session.remove(stale));
        await pendingFlush;
      }
    },

    /** Whether some tab has a record (known since `pruneClosed` at the worker's start, and kept up to date since). */
    holdsRecords: () => sizes.size > 0,

    /** Writes pending changes now (tests, and before answering the popup). */
    flush,
  };
}

export type DetectionStore = ReturnType<typeof createDetectionStore>;
