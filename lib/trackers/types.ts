/**
 * What the trackers share among themselves. The port they implement (TicketTracker, TrackerError)
 * is the sign-off's: lib/signoff/tracker.ts.
 */

/** What each tracker factory gets: a fetch (a fake in tests) and the clock for timeouts. */
export interface TrackerDeps {
  fetch: typeof fetch;
  /** Milliseconds before a request counts as timed out; 20 s by default. */
  timeoutMs?: number;
}
