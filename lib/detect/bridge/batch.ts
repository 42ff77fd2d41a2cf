import type { BridgeEvaluation } from '../channel';
import type { SdkSource } from '../observation';
import { BRIDGE_LIMITS, detailOf, keyOf, toReportable } from './values';

/** One evaluation as an SDK adapter saw it; the batcher makes it safe to post. */
export interface SeenEvaluation {
  key: unknown;
  value: unknown;
  detail?: string | undefined;
  forced?: boolean | undefined;
}

export interface BatcherOptions {
  post(items: BridgeEvaluation[]): void;
  /** setTimeout, taken when the bridge started. */
  schedule(run: () => void, ms: number): void;
  now(): number;
  /** Minimum time between posts. */
  intervalMs?: number;
}

export type Batcher = ReturnType<typeof createBatcher>;

/**
 * Collects evaluations and posts them at most every `intervalMs` (100 ms), at most
 * BRIDGE_LIMITS.reportObservations at a time. A page evaluates the same flag on every render,
 * so only the latest evaluation per key and SDK is kept; values become plain JSON here, once.
 *
 * @example
 * const batcher = createBatcher({ post, schedule: setTimeout, now: Date.now });
 * batcher.add('growthbook', { key: 'new-checkout', value: true, detail: 'defaultValue' });
 */
export function createBatcher(options: BatcherOptions) {
  const interval = options.intervalMs ?? 100;
  const pending = new Map<string, BridgeEvaluation>();
  let scheduled = false;

  function flush() {
    scheduled = false;
    const items: BridgeEvaluation[] = [];
    for (const [id, item] of pending) {
      if (items.length >= BRIDGE_LIMITS.reportObservations) break;
      items.push(item);
      pending.delete(id);
    }
    if (pending.size > 0) later();
    if (items.length > 0) options.post(items);
  }

  function later() {
    if (scheduled) return;
    scheduled = true;
    options.schedule(flush, interval);
  }

  return {
    add(source: SdkSource, seen: SeenEvaluation): void {
      const key = keyOf(seen.key);
      if (key === undefined) return; // a key the report could not carry; the SDK has it anyway
      const id = `${source}\u0000${key}`;
      if (!pending.has(id) && pending.size >= BRIDGE_LIMITS.pendingEvaluations) return;
      const reportable = toReportable(seen.value);
      const item: BridgeEvaluation = { key, source, at: options.now() };
      if (reportable.value !== undefined) item.value = reportable.value;
      const detail = detailOf(seen.detail, reportable.note);
      if (detail !== undefined) item.detail = detail;
      if (seen.forced) item.forced = true;
      pending.set(id, item);
      later();
    },
    /** Evaluations waiting for the next post. */
    get size() {
      return pending.size;
    },
  };
}
