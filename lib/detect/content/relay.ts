import type { JsonValue } from '../../json';
import { BRIDGE_CHANNEL, CONTENT_CHANNEL, type ContentMessage } from '../channel';
import type { PageEnvelope, PageHello, PageRequestOf } from '../page-protocol';
import { createEvaluationBuffer } from './evaluations';
import { REPORT_INTERVAL_MS, SCAN_INTERVAL_MS } from './limits';
import { snapshotSignature } from './markers';
import { createOutline, type OutlineWindow } from './outline';
import { MARKER_ATTRIBUTES, scanMarkers } from './scan';
import { createThrottle, type Timers } from './throttle';

/** The part of `navigator.serviceWorker` the content script reads. */
export interface ServiceWorkerContainerLike {
  readonly controller: unknown;
  addEventListener(type: 'controllerchange', listener: () => void): void;
  removeEventListener(type: 'controllerchange', listener: () => void): void;
}

/** What the content script uses of its window; a test passes a fake. */
export interface ContentWindow extends OutlineWindow, Timers {
  postMessage(message: ContentMessage, targetOrigin: string): void;
  location: { origin: string };
  performance: { timeOrigin: number };
  /** Absent where the browser has no service workers (or the test does not care). */
  navigator?: { serviceWorker?: ServiceWorkerContainerLike };
}

export interface ContentScriptDeps {
  /** `browser.runtime.sendMessage`: resolves to the background's `{ ok, result }` reply. */
  send(message: PageEnvelope): Promise<unknown>;
  win: ContentWindow;
  doc: Document;
  /** A monotonic clock in ms (`performance.now`), for the throttles. */
  now(): number;
  /** Where failures go (a send that threw, a report refused); console.warn in the browser. */
  onError(error: unknown): void;
  /**
   * Hears the background's answer to hello (undefined: refused or unreachable), for the child-tab
   * part that shares this script and its hello (entrypoints/detect.content.ts).
   */
  onHello?(answer: PageHello | undefined): void;
}

type Report = PageRequestOf<'page/report'>;

/**
 * Flagtab's content script in a configured site's page (ISOLATED world, document_start). It
 * says hello, and then, as the background's answer allows:
 * - relays the page bridge's SDK evaluations as `page/report`s: every bridge message costs O(1)
 *   (evaluations.ts), and reports go out at most 4 times a second, each at most
 *   LIMITS.reportObservations long, so a page posting 100,000 forged messages makes a handful;
 * - posts the tab's overrides to the bridge (at hello, on the bridge's 'ready', on the
 *   background's push);
 * - reads the markup's flag markers at DOMContentLoaded and after DOM changes (at most twice a
 *   second), reporting a snapshot only when it changed;
 * - outlines the flagged elements when the tester asks;
 * - says when the page's own service worker controls the document (its requests go without
 *   overrides, and the popup must say so).
 * It forwards nothing but reports: whatever the page posts is data, never a command.
 *
 * @example
 * const script = createContentScript({ send: (m) => browser.runtime.sendMessage(m), win: window, doc: document, now: () => performance.now(), onError: console.warn });
 * void script.start();
 * browser.runtime.onMessage.addListener((m) => script.receive(m)); // after checking the sender
 */
export function createContentScript(deps: ContentScriptDeps) {
  const { win, doc } = deps;
  const documentStartedAt = win.performance.timeOrigin;
  const buffer = createEvaluationBuffer();
  const timing = { timers: win, now: deps.now, onError: deps.onError };
  const flush = createThrottle(sendEvaluations, REPORT_INTERVAL_MS, timing);
  const rescan = createThrottle(scanAndReport, SCAN_INTERVAL_MS, timing);
  // The bridge says 'ready' once; a page repeating it 100,000 times gets 4 answers a second.
  const answerReady = createThrottle(postOverrides, REPORT_INTERVAL_MS, { ...timing, leading: true });
  const outline = createOutline({ doc, win });
  let hello: PageHello | undefined;
  let overrides: Record<string, JsonValue> = {};
  let lastSignature: string | undefined;
  let observer: MutationObserver | undefined;
  let stopped = false;
  let workerReported = false;

  /** Bridge → content script. Anything in the page can post here, so this only buffers. */
  function onWindowMessage(event: MessageEvent): void {
    // Only this window's own scripts (the bridge, and the page: it can forge anything anyway).
    if ((event.source as unknown) !== win) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null) return;
    const m = data as { channel?: unknown; type?: unknown; sdk?: unknown; items?: unknown };
    if (m.channel !== BRIDGE_CHANNEL) return;
    if (m.type === 'evaluations') buffer.accept(m.items);
    else if (m.type === 'found') buffer.found(m.sdk);
    else if (m.type === 'ready') {
      if (hello?.sdks) answerReady.schedule();
      return;
    } else return;
    // Before the hello answer the buffer only fills (bounded); start() flushes it.
    if (hello?.sdks) flush.schedule();
  }

  function postOverrides(): void {
    const message: ContentMessage = { channel: CONTENT_CHANNEL, type: 'overrides', overrides, force: Object.keys(overrides).length > 0 };
    try {
      win.postMessage(message, win.location.origin);
    } catch (error) {
      // An opaque origin ("null") is not a valid target; such a page has no bridge worth telling.
      deps.onError(new Error('Flagtab could not post the overrides to the page bridge', { cause: error }));
    }
  }

  async function sendEvaluations(): Promise<void> {
    const report = buffer.take(documentStartedAt);
    if (!report) return;
    await sendReport(report);
    // More than one report's worth arrived: the throttle runs this again after the interval.
    if (buffer.hasNews()) flush.schedule();
  }

  async function scanAndReport(): Promise<void> {
    const snapshot = scanMarkers(doc, documentStartedAt);
    const signature = snapshotSignature(snapshot);
    if (signature === lastSignature) return;
    lastSignature = signature;
    const accepted = await sendReport({ kind: 'markers', documentStartedAt, ...snapshot, dropped: 0, sdks: buffer.sdks() });
    // Refused (rate limit, a failed send): the next DOM change sends this snapshot again.
    if (!accepted && lastSignature === signature) lastSignature = undefined;
  }

  async function sendReport(data: Report): Promise<boolean> {
    try {
      const reply = await deps.send({ type: 'page/report', data });
      if (isRecord(reply) && reply.ok === true && isRecord(reply.result) && reply.result.accepted === true) return true;
      if (isRecord(reply) && reply.ok === false) deps.onError(new Error(`Flagtab's background refused a report: ${String(reply.error)}`));
      return false;
    } catch (error) {
      deps.onError(new Error('Flagtab could not send a report to its background', { cause: error }));
      return false;
    }
  }

  /**
   * The page's own service worker, if it controls this document. Requests that worker makes
   * (fetches it passes on, navigations it answers) have no tab, so the tab's override rules do
   * not match them: the popup says so. Reported once per document, when first seen.
   */
  function containerOf(): ServiceWorkerContainerLike | undefined {
    try {
      return win.navigator?.serviceWorker;
    } catch {
      return undefined; // an opaque origin throws SecurityError: no service worker there
    }
  }

  function reportServiceWorker(): void {
    if (workerReported || stopped || !containerOf()?.controller) return;
    workerReported = true;
    void sendReport({ kind: 'evaluations', documentStartedAt, observations: [], notes: [], dropped: 0, sdks: buffer.sdks(), serviceWorker: true })
      .then((accepted) => { if (!accepted) workerReported = false; }); // refused: say it at the next controllerchange
  }

  function startMarkers(): void {
    rescan.schedule();
    observer = new win.MutationObserver(() => rescan.schedule());
    observer.observe(doc, { childList: true, subtree: true, attributes: true, attributeFilter: MARKER_ATTRIBUTES });
  }

  function stop(): void {
    stopped = true;
    win.removeEventListener('message', onWindowMessage);
    doc.removeEventListener('DOMContentLoaded', startMarkers);
    flush.stop();
    rescan.stop();
    answerReady.stop();
    observer?.disconnect();
    containerOf()?.removeEventListener('controllerchange', reportServiceWorker);
    outline.stop();
    buffer.clear();
  }

  return {
    /** Says hello and starts what the answer allows; on no answer (detection off) it stops. */
    async start(): Promise<void> {
      // Listen before asking: the bridge may post its first evaluations while hello travels.
      win.addEventListener('message', onWindowMessage);
      let reply: unknown;
      try {
        reply = await deps.send({ type: 'page/hello', data: { documentStartedAt } });
      } catch (error) {
        deps.onError(new Error('Flagtab could not reach its background; detection is off in this page', { cause: error }));
      }
      if (stopped) return;
      const answer = readHello(reply);
      deps.onHello?.(answer);
      if (!answer) return stop();
      hello = answer;
      overrides = answer.overrides;
      if (answer.sdks) {
        postOverrides();
        flush.schedule();
      } else {
        win.removeEventListener('message', onWindowMessage);
        buffer.clear();
      }
      if (answer.markers) {
        if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', startMarkers, { once: true });
        else startMarkers();
      }
      outline.set(answer.outline);
      // A first visit is controlled only after the worker claims the page (controllerchange).
      containerOf()?.addEventListener('controllerchange', reportServiceWorker);
      reportServiceWorker();
    },

    /**
     * A message from the background (`tabs.sendMessage`); the caller has checked it came from
     * Flagtab itself. Messages arriving before the hello answer are applied, then superseded by it.
     */
    receive(message: unknown): void {
      if (stopped || !isRecord(message)) return;
      if (message.type === 'flagtab/overrides' && isRecord(message.overrides)) {
        overrides = message.overrides as Record<string, JsonValue>;
        if (hello?.sdks) postOverrides();
      } else if (message.type === 'flagtab/outline' && typeof message.on === 'boolean') {
        outline.set(message.on);
      }
    },

    /** Removes every listener, timer and the overlay (the extension was updated or disabled). */
    stop,
  };
}

export type ContentScript = ReturnType<typeof createContentScript>;

/** The background's answer to hello, read without zod (this script must stay small). */
function readHello(reply: unknown): PageHello | undefined {
  if (!isRecord(reply) || reply.ok !== true || !isRecord(reply.result)) return undefined;
  const r = reply.result;
  return {
    markers: r.markers === true,
    sdks: r.sdks === true,
    overrides: isRecord(r.overrides) ? (r.overrides as Record<string, JsonValue>) : {},
    outline: r.outline === true,
    children: {
      armed: isRecord(r.children) && r.children.armed === true,
      hosts: isRecord(r.children) && Array.isArray(r.children.hosts) ? r.children.hosts.filter((h): h is string => typeof h === 'string') : [],
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
