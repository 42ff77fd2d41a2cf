import { createHash } from 'node:crypto';
import { startFakeApi, type FakeApi, type FakeReply, type RecordedRequest } from '../fake-api';

/** A flag as the fake flag service keeps it: flagd-like variants, a default and per-user rules. */
export interface FakeOfrepFlag {
  key: string;
  variants: Record<string, unknown>;
  defaultVariant: string;
  /** targetingKey → variant. A flag with rules cannot be evaluated without a targetingKey. */
  rules?: Record<string, string>;
  disabled?: boolean;
  metadata?: Record<string, unknown>;
}

export interface FakeOfrep extends FakeApi {
  /** What the service evaluates; tests change it between refreshes. */
  flags: FakeOfrepFlag[];
}

export const BULK_PATH = '/ofrep/v1/evaluate/flags';

/**
 * An OFREP service as the protocol's OpenAPI (open-feature/protocol service/openapi.yaml)
 * describes it: POST /ofrep/v1/evaluate/flags with { context }, 200 { flags, metadata } with
 * an ETag, 304 when If-None-Match matches, 400 { errorCode, errorDetails } for a bad context,
 * per-flag { key, errorCode, errorDetails } items, and 401/403 with no body, as flagd and GO
 * Feature Flag answer. Other paths get 404. 429 and 500 come from `failNext`.
 */
export async function startFakeOfrep(options: {
  flags: FakeOfrepFlag[];
  /** When set, the service wants this token… */
  token?: string;
  /** …in this header; "authorization" means "Bearer <token>". */
  header?: string;
  /** A token the service knows but that may not evaluate (403). */
  forbiddenToken?: string;
}): Promise<FakeOfrep> {
  const header = (options.header ?? 'authorization').toLowerCase();
  const expected = (token: string) => (header === 'authorization' ? `Bearer ${token}` : token);
  const state = { flags: options.flags };

  const api = await startFakeApi({
    authorize(request) {
      if (!options.token) return undefined;
      const sent = request.headers[header];
      if (options.forbiddenToken && sent === expected(options.forbiddenToken)) return { status: 403 };
      return sent === expected(options.token) ? undefined : { status: 401 };
    },
    routes: [{ method: 'POST', path: /^\/ofrep\/v1\/evaluate\/flags$/, handle: (request) => bulk(request, state.flags) }],
    notFound: { status: 404, body: '404 page not found', headers: { 'Content-Type': 'text/plain' } },
  });
  return Object.defineProperty(api, 'flags', { get: () => state.flags, set: (flags) => void (state.flags = flags) }) as FakeOfrep;
}

function bulk(request: RecordedRequest, flags: FakeOfrepFlag[]): FakeReply {
  const body = request.body as { context?: unknown } | undefined;
  const context = body?.context ?? {};
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    return { status: 400, body: { errorCode: 'INVALID_CONTEXT', errorDetails: 'context must be an object' } };
  }
  const targetingKey = (context as Record<string, unknown>).targetingKey;
  if (targetingKey !== undefined && typeof targetingKey !== 'string') {
    return { status: 400, body: { errorCode: 'INVALID_CONTEXT', errorDetails: 'targetingKey must be a string' } };
  }
  const answer = { flags: flags.map((flag) => evaluate(flag, targetingKey)), metadata: { flagSetId: 'shop' } };
  const etag = `"${createHash('sha256').update(JSON.stringify(answer)).digest('hex').slice(0, 16)}"`;
  if (request.headers['if-none-match'] === etag) return { status: 304, headers: { ETag: etag } };
  return { status: 200, body: answer, headers: { ETag: etag } };
}

function evaluate(flag: FakeOfrepFlag, targetingKey: string | undefined) {
  const served = (variant: string, reason: string) => ({
    key: flag.key,
    value: flag.variants[variant],
    variant,
    reason,
    ...(flag.metadata ? { metadata: flag.metadata } : {}),
  });
  if (flag.disabled) return served(flag.defaultVariant, 'DISABLED');
  if (!flag.rules) return served(flag.defaultVariant, 'STATIC');
  if (targetingKey === undefined) {
    return { key: flag.key, errorCode: 'TARGETING_KEY_MISSING', errorDetails: `flag "${flag.key}" targets users; the context has no targetingKey` };
  }
  const matched = flag.rules[targetingKey];
  return matched ? served(matched, 'TARGETING_MATCH') : served(flag.defaultVariant, 'DEFAULT');
}
