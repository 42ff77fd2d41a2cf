import type { JsonValue } from '../lib/json';
import type { SignedDecision } from './verify';

/** One request as the demo server saw it; e2e tests assert on these. */
export interface RecordedRequest {
  /** Host header without the port, lowercased, e.g. "shop.localhost". */
  host: string;
  /** Path and query as sent, e.g. "/api/features?x=1". */
  path: string;
  method: string;
  /** Header names lowercased; repeated headers joined. */
  headers: Record<string, string>;
  /** Decoded overrides, header over cookie. */
  overrides: Record<string, JsonValue>;
  /** Set when the X-Feature-Flags header was present and decoded. */
  headerOverrides?: Record<string, JsonValue>;
  /** Set when the flagtab cookie was present and decoded. */
  cookieOverrides?: Record<string, JsonValue>;
  decodeErrors: string[];
  /** Set when the shop verifies signed overrides (demo/verify.ts): what it decided. */
  signed?: SignedDecision;
  /** Date.now() when the request arrived. */
  at: number;
}

export type RequestPredicate = (r: RecordedRequest) => boolean;

/**
 * An in-memory, append-only log with a wait that resolves on arrival (no polling loop).
 *
 * @example
 * const log = createRequestLog();
 * const doc = await log.waitFor((r) => r.path === '/', 5_000);
 */
export function createRequestLog() {
  // Mutated in place so a reference handed out earlier (`server.requests`) stays live.
  const requests: RecordedRequest[] = [];
  const waiters = new Set<(r: RecordedRequest) => void>();

  return {
    requests,
    record(r: RecordedRequest): void {
      requests.push(r);
      for (const w of [...waiters]) w(r);
    },
    clear(): void {
      requests.length = 0;
    },
    /**
     * The first recorded request matching `predicate`: one already in the log (since the last
     * clear), else the next to arrive. Rejects after `timeoutMs` listing what did arrive.
     */
    waitFor(predicate: RequestPredicate, timeoutMs = 10_000): Promise<RecordedRequest> {
      return new Promise((resolve, reject) => {
        // A predicate that throws fails this wait, not the server that is recording.
        const matches = (r: RecordedRequest): boolean => {
          try {
            return predicate(r);
          } catch (error) {
            finish();
            reject(new Error('waitForRequest predicate threw', { cause: error }));
            return false;
          }
        };
        const waiter = (r: RecordedRequest) => {
          if (!matches(r)) return;
          finish();
          resolve(r);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`No matching request within ${timeoutMs} ms. ${describe(requests)}`));
        }, timeoutMs);
        let done = false;
        const finish = () => {
          done = true;
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        const already = requests.find(matches);
        if (done) return;
        if (already) {
          finish();
          resolve(already);
        } else {
          waiters.add(waiter);
        }
      });
    },
  };
}
export type RequestLog = ReturnType<typeof createRequestLog>;

function describe(requests: readonly RecordedRequest[]): string {
  if (requests.length === 0) return 'No requests were recorded since the last clearRequests().';
  const lines = requests.map((r) => `  ${r.method} ${r.host}${r.path} overrides=${JSON.stringify(r.overrides)}`);
  return `Recorded since the last clearRequests():\n${lines.join('\n')}`;
}
