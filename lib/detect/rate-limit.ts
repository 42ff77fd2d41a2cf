/**
 * A token bucket per key (here: per tab). Each allowed event takes a token; tokens come back
 * at `perSecond` up to `burst`. A page that floods the extension gets most of its messages
 * dropped without costing more than a map lookup each.
 *
 * @example
 * const limit = createRateLimiter({ perSecond: 10, burst: 30, now: Date.now });
 * limit.allow(12); // true for the first 30 calls in a burst, then about 10 per second
 */
export function createRateLimiter(options: { perSecond: number; burst: number; now(): number }) {
  const buckets = new Map<number, { tokens: number; at: number }>();
  return {
    allow(key: number): boolean {
      const now = options.now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
      bucket.tokens = Math.min(options.burst, bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    forget(key: number) {
      buckets.delete(key);
    },
  };
}
