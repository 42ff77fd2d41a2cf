import { clip, preview, retryAfterMs, sendOnce } from '../http/send';
import { ProviderError } from './errors';

/** A remembered response, for If-None-Match. */
export interface CachedResponse {
  etag: string;
  body: unknown;
}

/** Where ETagged responses are kept between refreshes (the catalogue service persists it). */
export interface EtagStore {
  get(url: string): CachedResponse | undefined;
  set(url: string, response: CachedResponse): void;
}

export interface HttpOptions {
  fetch: typeof fetch;
  /** The only origin requests may go to: the token is for this origin alone. */
  origin: string;
  /** Sent with every request: the provider's auth header(s). */
  headers: Record<string, string>;
  /** Pulls the human message out of the provider's error body ({ message }, { detail }…). */
  errorMessage?: (body: unknown) => string | undefined;
  etags?: EtagStore;
  timeoutMs?: number;
  /** Attempts per request, counting the first. */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: the error says when to try again. */
  maxRetryWaitMs?: number;
  /** Responses bigger than this are refused rather than parsed. */
  maxBytes?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Told before each wait, so a long load can say why it pauses. */
  onRetry?: (info: { url: string; status?: number; waitMs: number; attempt: number }) => void;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
  /**
   * Where to remember this request's ETag. GET requests use their URL; a POST is cached only
   * when given a key, which must name everything its answer depends on (e.g. URL + body), as
   * for OFREP's bulk evaluation, which answers If-None-Match on a POST.
   */
  etagKey?: string;
}

export interface HttpResponse {
  status: number;
  url: string;
  headers: Headers;
  body: unknown;
}

export interface HttpClient {
  /** Fetches JSON from the provider's origin; throws ProviderError for every failure. */
  request(url: string, init?: HttpRequest): Promise<HttpResponse>;
  readonly origin: string;
}

const DEFAULTS = { timeoutMs: 15_000, maxAttempts: 4, maxRetryWaitMs: 60_000, maxBytes: 64 * 1024 * 1024 };
/** 500-class answers that are worth another try; other statuses are final. */
const TRANSIENT = new Set([500, 502, 503, 504]);

/**
 * The one way provider adapters talk to the network, over lib/http/send.ts. It keeps the
 * token on its origin (a pagination link elsewhere is refused, not followed), gives up after a timeout, waits out
 * 429 and 503 as Retry-After says (seconds or an HTTP date), backs off exponentially on other
 * transient failures, answers 304 from the ETag store, and turns every failure into a
 * ProviderError whose kind a person can act on.
 */
export function createHttpClient(options: HttpOptions): HttpClient {
  const o = { ...DEFAULTS, ...options };
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = o.now ?? Date.now;

  async function request(rawUrl: string, init: HttpRequest = {}): Promise<HttpResponse> {
    const url = resolveOnOrigin(rawUrl, o.origin);
    const method = init.method ?? 'GET';
    const etagKey = init.etagKey ?? (method === 'GET' ? url : undefined);
    const cached = etagKey === undefined ? undefined : o.etags?.get(etagKey);
    const headers: Record<string, string> = { Accept: 'application/json', ...o.headers, ...init.headers };
    if (init.json !== undefined) headers['Content-Type'] = 'application/json';
    if (cached) headers['If-None-Match'] = cached.etag;

    for (let attempt = 1; ; attempt++) {
      const body = init.json === undefined ? undefined : JSON.stringify(init.json);
      const sent = await sendOnce(o.fetch, url, { method, headers, body, timeoutMs: o.timeoutMs, maxBytes: o.maxBytes });
      if (sent.outcome === 'timeout') throw new ProviderError('timeout', `${describe(url)} did not answer within ${o.timeoutMs / 1000} s.`);
      if (sent.outcome === 'failed') {
        if (attempt < o.maxAttempts) {
          await wait(url, undefined, backoff(attempt), attempt);
          continue;
        }
        throw new ProviderError('unreachable', `Could not reach ${describe(url)} (${errorText(sent.error)}).`);
      }
      if (sent.outcome === 'redirect') {
        throw new ProviderError('wrong-origin', `${describe(url)} redirected Flagtab${sent.location ? ` to ${clip(sent.location, 120)}` : ' elsewhere'}; Flagtab does not follow redirects with your token.`, sent.status);
      }
      if (sent.outcome === 'too-big') {
        throw new ProviderError('bad-response', `${describe(url)} answered with more than ${Math.round(o.maxBytes / 1024 / 1024)} MB; Flagtab refuses responses that large.`);
      }
      const { response } = sent;
      const text = new TextDecoder().decode(sent.bytes);
      if (response.status === 304 && cached && etagKey !== undefined) {
        // Stored again: the catalogue service keeps only the ETags this load set.
        o.etags?.set(etagKey, cached);
        return { status: 200, url, headers: response.headers, body: cached.body };
      }
      if (response.ok) {
        const json = parseJson(text, url, response.status);
        const etag = response.headers.get('ETag');
        if (etag && etagKey !== undefined && o.etags) o.etags.set(etagKey, { etag, body: json });
        return { status: response.status, url, headers: response.headers, body: json };
      }

      const retryable = response.status === 429 || TRANSIENT.has(response.status);
      if (retryable && attempt < o.maxAttempts) {
        const after = retryAfterMs(response.headers.get('Retry-After'), now());
        if (after !== undefined && after > o.maxRetryWaitMs) {
          throw failure(response, text, url, `Try again in ${Math.ceil(after / 1000)} s.`);
        }
        await wait(url, response.status, after ?? backoff(attempt), attempt);
        continue;
      }
      throw failure(response, text, url);
    }
  }

  async function wait(url: string, status: number | undefined, waitMs: number, attempt: number) {
    o.onRetry?.({ url, status, waitMs, attempt });
    await sleep(waitMs);
  }

  function parseJson(text: string, url: string, status: number): unknown {
    try {
      return JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      throw new ProviderError('bad-response', `${describe(url)} answered with something that is not JSON (${preview(text)}). Check the base URL: it should be the API's address.`, status);
    }
  }

  function failure(response: Response, text: string, url: string, extra?: string): ProviderError {
    let said: string | undefined;
    try {
      said = o.errorMessage?.(JSON.parse(text));
    } catch {
      said = undefined;
    }
    const status = response.status;
    const kind =
      status === 401 ? 'token-rejected'
      : status === 403 ? 'no-permission'
      : status === 404 ? 'not-found'
      : status === 429 ? 'rate-limited'
      : status >= 500 ? 'server-error'
      : 'bad-response';
    const parts = [`${describe(url)} answered HTTP ${status}${said ? `: ${clip(said.trim().replace(/[.。]+$/, ''), 300)}` : ''}.`];
    if (extra) parts.push(extra);
    return new ProviderError(kind, parts.join(' '), status);
  }

  return { request, origin: o.origin };
}

/** Resolves `url` and refuses it unless it is on `origin`. */
function resolveOnOrigin(url: string, origin: string): string {
  let resolved: URL;
  try {
    resolved = new URL(url, origin);
  } catch {
    throw new ProviderError('bad-response', `"${clip(url, 100)}" is not a URL.`);
  }
  if (resolved.origin !== origin) {
    throw new ProviderError('wrong-origin', `The provider pointed Flagtab at ${resolved.origin}, not ${origin}; Flagtab does not send your token anywhere else.`);
  }
  return resolved.href;
}

/** 1 s, 2 s, 4 s… with ±20 % jitter so many tabs do not retry in step. */
function backoff(attempt: number): number {
  return Math.round(1000 * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4));
}

function describe(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
