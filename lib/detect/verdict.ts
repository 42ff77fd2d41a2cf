import type { JsonValue } from '../json';
import { dictFrom, own } from '../dict';
import type { ObservedSource, StoredObservation, TabDetections } from './observation';

/**
 * What Flagtab can say about one flag on the page now showing:
 * - `honoured`: overridden, and every source that reported it since then agrees;
 * - `not-honoured`: overridden, and some source reported another value since then;
 * - `reload`: overridden after the page reported it; the page has not had a chance yet;
 * - `unreported`: overridden, but nothing on the page says what value it used;
 * - `none`: not overridden.
 */
export type Verdict = 'honoured' | 'not-honoured' | 'reload' | 'unreported' | 'none';

export interface SourceReading extends StoredObservation {
  source: ObservedSource;
}

export interface PageFlagState {
  /** The value the page uses, by its most telling source; undefined when none says it. */
  reported?: SourceReading;
  /** Every source that mentioned the flag, most telling first. */
  readings: SourceReading[];
  verdict: Verdict;
  /** For `not-honoured`: the sources that disagree with the override. */
  mismatches: SourceReading[];
}

/**
 * Most telling first: an SDK evaluation is the value the code used; the echo header is the
 * server's own word; markers are what the markup claims, and a bare element says no value.
 */
const PRIORITY: ObservedSource[] = ['openfeature', 'growthbook', 'unleash', 'launchdarkly', 'posthog', 'flagsmith', 'statsig', 'configcat', 'echo-header', 'script', 'meta', 'element'];

/**
 * Compares what the page reported about `key` with the tab's override of it.
 *
 * @example
 * pageFlagState(detections, 'new-checkout', { value: true, setAt: 1000 });
 * // { verdict: 'not-honoured', mismatches: [{ source: 'echo-header', value: false, at: 2000 }], … }
 */
export function pageFlagState(
  detections: TabDetections | undefined,
  key: string,
  override?: { value: JsonValue; setAt?: number },
): PageFlagState {
  // Own properties only: the key is the page's, and the record may have come straight from storage.
  const sources = own(detections?.flags, key) ?? {};
  const readings = PRIORITY.flatMap((source) => {
    const o = own(sources, source);
    return o ? [{ source, ...o }] : [];
  });
  const reported = readings.find((r) => r.value !== undefined);
  if (!override) return { reported, readings, verdict: 'none', mismatches: [] };

  const valued = readings.filter((r) => r.value !== undefined);
  // Without a time, the override was set before Flagtab recorded times: treat every reading as recent.
  const since = override.setAt ?? 0;
  const recent = valued.filter((r) => r.at >= since);
  const target = canonical(override.value);
  const mismatches = recent.filter((r) => canonical(r.value!) !== target);
  const verdict: Verdict =
    mismatches.length > 0 ? 'not-honoured' : recent.length > 0 ? 'honoured' : valued.length > 0 ? 'reload' : 'unreported';
  return { reported: recent[0] ?? reported, readings, verdict, mismatches };
}

/** Keys the page mentioned, in no particular order. */
export function reportedKeys(detections: TabDetections | undefined): string[] {
  return Object.keys(detections?.flags ?? {});
}

/** JSON with sorted object keys, so `{a:1,b:2}` equals `{b:2,a:1}`. */
export function canonical(value: JsonValue): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? dictFrom(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const LABELS: Record<ObservedSource, string> = {
  'echo-header': 'server echo header',
  meta: 'page <meta>',
  script: 'page data-flag-values',
  element: 'page element',
  openfeature: 'OpenFeature SDK',
  growthbook: 'GrowthBook SDK',
  unleash: 'Unleash SDK',
  launchdarkly: 'LaunchDarkly SDK',
  posthog: 'PostHog SDK',
  flagsmith: 'Flagsmith SDK',
  statsig: 'Statsig SDK',
  configcat: 'ConfigCat SDK',
};

/** @example sourceLabel('echo-header') === 'server echo header' */
export function sourceLabel(source: ObservedSource): string {
  return LABELS[source];
}
