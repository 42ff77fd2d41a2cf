import { LIMITS, SDK_SOURCES, type SdkSource } from '../limits';

export { LIMITS, SDK_SOURCES, type SdkSource };

/** Whether `value` names one of the client-side SDKs the bridge knows. */
export function isSdkSource(value: unknown): value is SdkSource {
  return typeof value === 'string' && (SDK_SOURCES as readonly string[]).includes(value);
}

/**
 * `<meta>` and `<script data-flag-values>` tags read per scan. Several tags merge, but a page
 * with thousands of them is not describing flags; reading each could cost 64 KB apiece.
 */
export const MARKER_TAGS_READ = 20;

/**
 * Characters of a `data-feature-flag-value` attribute parsed as JSON. Minified JSON is never
 * longer than its text, so a value's JSON fits `valueJsonLength` only when its text is near that
 * size; four times leaves room for pretty-printing while keeping 5,000 elements cheap to parse.
 */
export const ELEMENT_VALUE_TEXT_LENGTH = 4 * LIMITS.valueJsonLength;

/** Items read from one bridge `evaluations` message; the rest are counted as dropped. */
export const ITEMS_PER_MESSAGE = LIMITS.reportObservations;

/** Evaluation reports at most every 250 ms (4/s) and marker scans every 500 ms (2/s): 6/s together, under the background's 10/s. */
export const REPORT_INTERVAL_MS = 250;
export const SCAN_INTERVAL_MS = 500;
