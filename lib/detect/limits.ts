/**
 * The source ids and caps of detection, in a file with no imports: the content script and the
 * page bridge run on every load of a configured site and import these without pulling in zod
 * (which observation.ts, the background's schemas, needs).
 */

/** Sources inside the page, reported by Flagtab's content script. */
export const PAGE_SOURCES = ['meta', 'script', 'element', 'openfeature', 'growthbook', 'unleash', 'launchdarkly', 'posthog', 'flagsmith', 'statsig', 'configcat'] as const;
export type PageSource = (typeof PAGE_SOURCES)[number];
/** Sources the content script reads from the document's markup; each report replaces them all. */
export const MARKER_SOURCES = ['meta', 'script', 'element'] as const satisfies readonly PageSource[];
/** Client-side SDKs; their evaluations accumulate over the document's life. */
export const SDK_SOURCES = ['openfeature', 'growthbook', 'unleash', 'launchdarkly', 'posthog', 'flagsmith', 'statsig', 'configcat'] as const satisfies readonly PageSource[];
export type SdkSource = (typeof SDK_SOURCES)[number];
/** Every source of an observation: the page's, plus the echo header the background reads. */
export type ObservedSource = PageSource | 'echo-header';

/** Caps on what one page may make Flagtab hold (see docs/detection.md#limits). */
export const LIMITS = {
  keyLength: 256,
  /** Characters of a value's JSON; a longer value is kept as a note that it was too long. */
  valueJsonLength: 2048,
  detailLength: 200,
  /** Observations in one report. */
  reportObservations: 500,
  notesPerReport: 10,
  noteLength: 300,
  /** Flags remembered per tab; more are dropped, counted, and mentioned in the popup. */
  flagsPerTab: 2000,
  /** Characters of a `<meta>` content or `<script data-flag-values>` text the content script reads. */
  markerTextLength: 64 * 1024,
  /** Elements with `data-feature-flag` the content script looks at. */
  elementsScanned: 5000,
  /** Reports per second a tab may send on average, and in a burst. */
  reportsPerSecond: 10,
  reportBurst: 30,
} as const;
