import { z } from '../zod';
import { JsonValueSchema, type JsonValue } from '../json';
import { lazySchema } from '../lazy-schema';
import type { ServerDecision } from './status';

/**
 * What a page said about one flag, and who said it. Everything here comes from the page or the
 * site's server, so it is untrusted data: the background validates it against these schemas
 * and caps its size before storing a byte of it.
 */

export { LIMITS, MARKER_SOURCES, PAGE_SOURCES, SDK_SOURCES, type ObservedSource, type PageSource, type SdkSource } from './limits';
import { LIMITS, PAGE_SOURCES, SDK_SOURCES, type ObservedSource, type SdkSource } from './limits';

const ObservationSchema = lazySchema(() => z.object({
  key: z.string().check(z.minLength(1), z.maxLength(LIMITS.keyLength)),
  source: z.enum(PAGE_SOURCES),
  /** Absent when the page says the flag is used but not its value (a bare `data-feature-flag`). */
  value: z.optional(JsonValueSchema).check(z.refine(fitsValueLimit, `must be at most ${LIMITS.valueJsonLength} characters as JSON`)),
  /** Source-specific words for the popup: an SDK's reason or variant, a provider's name. */
  detail: z.optional(z.string().check(z.maxLength(LIMITS.detailLength))),
  /** True when Flagtab's own client-side override produced this value. */
  forced: z.optional(z.boolean()),
  /** Elements on the page marked with this flag (markers only). */
  elements: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(1_000_000))),
  /** When the page evaluated it (epoch ms, the page's clock); the background clamps it. */
  at: z.number(), // zod 4's number refuses NaN and ±Infinity
}));
export type PageObservation = z.infer<ReturnType<typeof ObservationSchema>>;

function fitsValueLimit(value: JsonValue | undefined): boolean {
  return value === undefined || JSON.stringify(value).length <= LIMITS.valueJsonLength;
}

/**
 * One message from the content script. `markers` is a full snapshot of the document's markup
 * (it replaces the marker sources); `evaluations` adds SDK evaluations seen since the last one.
 * Built on the first report (lib/lazy-schema.ts): a wake for a click or the popup builds none.
 */
export const PageReportSchema = lazySchema(() => z.object({
  kind: z.enum(['markers', 'evaluations']),
  /** The document's `performance.timeOrigin`: values rendered before an override was set need a reload. */
  documentStartedAt: z.number(),
  observations: z.array(ObservationSchema()).check(z.maxLength(LIMITS.reportObservations)),
  /** Problems worth telling the tester, e.g. a marker too large to read. */
  notes: z._default(z.array(z.string().check(z.maxLength(LIMITS.noteLength))).check(z.maxLength(LIMITS.notesPerReport)), []),
  /** Reports or evaluations the content script itself had to drop (floods, caps). */
  dropped: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  /** SDKs the page bridge has found so far. */
  sdks: z._default(z.array(z.enum(SDK_SOURCES)).check(z.maxLength(SDK_SOURCES.length)), []),
  /** True when the document is controlled by the page's own service worker (`navigator.serviceWorker.controller`). */
  serviceWorker: z.optional(z.boolean()),
}));
export type PageReport = z.infer<ReturnType<typeof PageReportSchema>>;
export type PageReportInput = z.input<ReturnType<typeof PageReportSchema>>;

/** What the background keeps of one observation (per flag, per source). */
export interface StoredObservation {
  value?: JsonValue;
  detail?: string;
  forced?: boolean;
  elements?: number;
  /** Clamped to the time the background received it. */
  at: number;
}

/** What is known about the page now showing in a tab; `storage.session` under `detectionKey(tabId)`. */
export interface TabDetections {
  /** When the tab's current document was requested (epoch ms); older observations were dropped. */
  documentStartedAt: number;
  /** The document's URL, as the browser reported its request. */
  url?: string;
  /** flag key → source → what that source said last. */
  flags: Record<string, Partial<Record<ObservedSource, StoredObservation>>>;
  /** Whether Flagtab's content script is running in this document (it said hello). */
  contentScript: boolean;
  /** Which SDKs the bridge found in the page. */
  sdks: SdkSource[];
  /** Reports and observations dropped for floods or caps, since the document started. */
  dropped: number;
  /** Problems to show the tester, newest last, at most 10. */
  notes: string[];
  /** Whether the tester asked to outline flagged elements in this tab. */
  outline: boolean;
  /**
   * True once the content script saw the document controlled by the page's own service worker.
   * What that worker fetches has no tab (tabId -1), so no override rule matches it.
   */
  serviceWorker?: boolean;
  /** What the server said about the signed overrides of this document (its status header). */
  serverDecision?: ServerDecision;
}

export { DETECTION_PREFIX, detectionKey } from './session-key';
