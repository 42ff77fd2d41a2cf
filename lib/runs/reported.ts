import { dict, type Dict } from '../dict';
import type { TabDetections } from '../detect/observation';
import type { Reported } from './state';

/**
 * What the page said it used, one entry per flag: the first source (in the order the detection
 * store lists them) that gave a value, else the first that named the flag. Untrusted keys: a
 * null-prototype record.
 */
export function reportedFlags(detections: TabDetections | undefined): Dict<Reported> {
  const out = dict<Reported>();
  for (const [key, sources] of Object.entries(detections?.flags ?? {})) {
    const entries = Object.entries(sources).filter(([, o]) => o !== undefined);
    const [source, observed] = entries.find(([, o]) => o?.value !== undefined) ?? entries[0] ?? [];
    if (source) out[key] = { source, ...(observed?.value !== undefined ? { value: observed.value } : {}) };
  }
  return out;
}
