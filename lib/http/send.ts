/**
 * The one way Flagtab's families (providers, trackers) put a request on the network with a
 * token: never with the browser's cookies (`credentials: 'omit'`), never from the HTTP cache
 * (a retry must see the server as it is now), never following a redirect (it could carry the
 * token to another origin), within a time limit that covers the body as well as the headers,
 * and refusing bodies over a size cap. Each family words the outcomes for people itself
 * (lib/providers/http.ts, lib/trackers/http.ts): this module only says what happened.
 */

export interface SendInit {
  method?: string;
  headers: Record<string, string>;
  body?: BodyInit;
  timeoutMs: number;
  /** Bodies longer than this (declared or read) are refused; no cap when omitted. */
  maxBytes?: number;
}

export type Sent =
  /** The server answered with a status that is not a redirect; its body is read. */
  | { outcome: 'answer'; response: Response; bytes: ArrayBuffer }
  /** A 3xx (or the browser's opaque redirect): not followed. */
  | { outcome: 'redirect'; status?: number; location?: string }
  /** The body is over `maxBytes`. */
  | { outcome: 'too-big'; status: number }
  /** No answer (headers or the whole body) within `timeoutMs`. */
  | { outcome: 'timeout'; error: unknown }
  /** fetch threw: a refused connection, DNS, offline ("Failed to fetch" is a TypeError). */
  | { outcome: 'failed'; error: unknown };

/**
 * Sends one request and reads its answer.
 *
 * @example
 * const sent = await sendOnce(fetch, 'https://api.example.com/flags', { headers: { Authorization: 'Bearer …' }, timeoutMs: 15_000 });
 * if (sent.outcome === 'answer' && sent.response.ok) JSON.parse(new TextDecoder().decode(sent.bytes));
 */
export async function sendOnce(fetchFn: typeof fetch, url: string, init: SendInit): Promise<Sent> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), init.timeoutMs);
  try {
    const response = await fetchFn(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'manual',
      signal: controller.signal,
    });
    // Browsers hide a manual redirect as an opaque response; Node shows the 3xx itself.
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304)) {
      await response.body?.cancel().catch(() => undefined);
      return { outcome: 'redirect', status: response.status || undefined, location: response.headers.get('Location') ?? undefined };
    }
    if (init.maxBytes !== undefined && Number(response.headers.get('Content-Length')) > init.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return { outcome: 'too-big', status: response.status };
    }
    const bytes = await response.arrayBuffer();
    if (init.maxBytes !== undefined && bytes.byteLength > init.maxBytes) return { outcome: 'too-big', status: response.status };
    return { outcome: 'answer', response, bytes };
  } catch (error) {
    if (controller.signal.aborted) return { outcome: 'timeout', error };
    return { outcome: 'failed', error };
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The start of a body, for a message that says what came instead of JSON. */
export function preview(text: string): string {
  const head = text.trim().slice(0, 60).replace(/\s+/g, ' ');
  return head ? `it starts "${head}"` : 'it was empty';
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The origin of an http(s) URL; undefined for anything else (a base URL typed wrong). */
export function webOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
