// How long the outbox waits before trying a sign-off again. Pure, so the numbers can be read
// (and tested) apart from the outbox.

/** 30 s, 1 min, 2 min, … after each failed attempt, never more than about an hour. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 60 * 60_000;
/** A Retry-After is obeyed, within these bounds (a wrong header must not park a sign-off for days). */
export const RETRY_AFTER_MIN_MS = 1_000;
export const RETRY_AFTER_MAX_MS = 6 * 60 * 60_000;
/** While offline the alarm still comes back this often: a sleeping worker hears no 'online' event. */
export const OFFLINE_RECHECK_MS = 60_000;

/**
 * Exponential backoff with ±20 % jitter, so many browsers coming back after one outage do not
 * all knock at once. `attempts` counts failed attempts so far (1 after the first failure).
 *
 * @example backoffMs(1, () => 0.5) === 30_000; backoffMs(3, () => 0.5) === 120_000
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/** How long to wait after a retryable failure: what the tracker asked for, else the backoff. */
export function retryDelayMs(retryAfterMs: number | undefined, attempts: number, random?: () => number): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    return Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, retryAfterMs));
  }
  return backoffMs(attempts, random);
}
