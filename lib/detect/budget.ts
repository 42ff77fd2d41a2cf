import type { TabDetections } from './observation';

/**
 * How much of `storage.session` what pages report may take. Chrome gives an extension 10 MB
 * there in all (https://developer.chrome.com/docs/extensions/reference/api/storage#property-session),
 * shared with the override state: if pages could fill it, an override click would fail to be
 * stored. The per-report caps (limits.ts) still let one page reach ~20 MB, so the bytes each tab
 * and all tabs together keep are bounded here, well under the quota.
 */
export const DETECTION_BUDGET = {
  /** Bytes (UTF-8 JSON) one tab's record may take. */
  perTabBytes: 512 * 1024,
  /** Bytes all tabs' records may take together. */
  totalBytes: 3 * 1024 * 1024,
} as const;

const encoder = new TextEncoder();

/** The bytes `storage.session` counts for one item: its key and its value's JSON, in UTF-8. */
export function storedBytes(key: string, value: unknown): number {
  return encoder.encode(key).length + encoder.encode(JSON.stringify(value)).length;
}

/**
 * Drops flags from `d`, the least recently seen first (and, among those, the largest), until the
 * record takes at most `maxBytes`; says so in a note. Returns how many flags it dropped.
 *
 * @example trimToBytes(detections, 'detect.v1:7', 512 * 1024) // 0 when it already fits
 */
export function trimToBytes(d: TabDetections, key: string, maxBytes: number, note: (text: string) => void): number {
  let size = storedBytes(key, d);
  if (size <= maxBytes) return 0;
  const entries = Object.entries(d.flags).map(([flag, sources]) => ({
    flag,
    last: Math.max(...Object.values(sources).map((o) => o?.at ?? 0)),
    bytes: storedBytes(flag, sources) + 2,
  }));
  entries.sort((a, b) => a.last - b.last || b.bytes - a.bytes);
  let dropped = 0;
  for (const entry of entries) {
    if (size <= maxBytes) break;
    delete d.flags[entry.flag];
    size -= entry.bytes;
    dropped++;
  }
  d.dropped += dropped;
  note(`The page reported more than Flagtab keeps for one tab (${Math.round(maxBytes / 1024)} KB); ${dropped} flag(s) seen least recently were dropped. Reload to see the page afresh.`);
  // Notes count too; a record that still does not fit loses the rest of its flags.
  if (storedBytes(key, d) > maxBytes) {
    d.dropped += Object.keys(d.flags).length;
    for (const flag of Object.keys(d.flags)) delete d.flags[flag];
    dropped = entries.length;
  }
  return dropped;
}
