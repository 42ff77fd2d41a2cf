import type { PageReportInput } from '../observation';
import { isSdkSource, ITEMS_PER_MESSAGE, LIMITS, type SdkSource } from './limits';
import { checkJson, clip } from './text';

type Observation = PageReportInput['observations'][number];

/**
 * SDK evaluations the bridge posted, waiting to be reported. The page can forge any bridge
 * message, so each item gets cheap shape checks, only the latest value per flag and SDK is kept,
 * and the flags this document may make Flagtab hold are capped at LIMITS.flagsPerTab: a flood of
 * random keys costs a Set lookup per item and is counted as dropped, never sent.
 *
 * @example
 * const buffer = createEvaluationBuffer();
 * buffer.accept([{ key: 'new-checkout', source: 'growthbook', value: true, at: Date.now() }]);
 * buffer.take(performance.timeOrigin); // { kind: 'evaluations', observations: [...], ... }
 */
export function createEvaluationBuffer() {
  /** `${source}:${key}` → the latest evaluation not yet reported (Map keeps arrival order). */
  const pending = new Map<string, Observation>();
  /** Flag keys this document has reported or will report; at most LIMITS.flagsPerTab. */
  const known = new Set<string>();
  const sdks: SdkSource[] = [];
  let sdksChanged = false;
  let dropped = 0;

  function acceptOne(item: unknown): boolean {
    if (typeof item !== 'object' || item === null) return false;
    const { key, source, value, detail, forced, at } = item as Record<string, unknown>;
    if (typeof key !== 'string' || key.length === 0 || key.length > LIMITS.keyLength) return false;
    if (!isSdkSource(source) || typeof at !== 'number' || !Number.isFinite(at)) return false;
    if (!known.has(key)) {
      if (known.size >= LIMITS.flagsPerTab) return false;
      known.add(key);
    }
    const observation: Observation = { key, source, at };
    // Slice before trimming: a 10 MB detail costs no more than a short one.
    let words = typeof detail === 'string' ? detail.slice(0, LIMITS.detailLength + 1).trim() : '';
    if (value !== undefined) {
      const checked = checkJson(value, LIMITS.valueJsonLength);
      if (checked.ok) observation.value = checked.value;
      else if (checked.reason === 'too-large') words = 'value too large to show';
    }
    if (words) observation.detail = clip(words, LIMITS.detailLength);
    if (forced === true) observation.forced = true;
    pending.set(`${source}:${key}`, observation);
    return true;
  }

  return {
    /** Takes the `items` of one bridge `evaluations` message: at most ITEMS_PER_MESSAGE of them. */
    accept(items: unknown): void {
      if (!Array.isArray(items)) {
        dropped++;
        return;
      }
      const n = Math.min(items.length, ITEMS_PER_MESSAGE);
      dropped += items.length - n;
      for (let i = 0; i < n; i++) if (!acceptOne(items[i])) dropped++;
    },

    /** The bridge found an SDK in the page. */
    found(sdk: unknown): void {
      if (!isSdkSource(sdk)) {
        dropped++;
        return;
      }
      if (sdks.includes(sdk)) return;
      sdks.push(sdk);
      sdksChanged = true;
    },

    /** SDKs found so far (also sent with marker reports, so the background never loses them). */
    sdks: (): SdkSource[] => [...sdks],

    /** Whether `take` has something to send. */
    hasNews: () => pending.size > 0 || sdksChanged || dropped > 0,

    /**
     * The next report: the oldest LIMITS.reportObservations pending evaluations (the rest wait for
     * the next one), the SDKs, and what was dropped since the last report. Undefined when there is
     * no news.
     */
    take(documentStartedAt: number): PageReportInput | undefined {
      if (pending.size === 0 && !sdksChanged && dropped === 0) return undefined;
      const observations: Observation[] = [];
      for (const [id, observation] of pending) {
        if (observations.length >= LIMITS.reportObservations) break;
        observations.push(observation);
        pending.delete(id);
      }
      const report: PageReportInput = { kind: 'evaluations', documentStartedAt, observations, notes: [], dropped, sdks: [...sdks] };
      dropped = 0;
      sdksChanged = false;
      return report;
    },

    /** Forgets everything (the site does not want SDK evaluations). */
    clear(): void {
      pending.clear();
      known.clear();
      dropped = 0;
    },
  };
}

export type EvaluationBuffer = ReturnType<typeof createEvaluationBuffer>;
