import { retryAfterMs } from '../../http/send';
import { commonErrorText, describeFor } from '../http';
import type { TrackerDeps } from '../types';
import { GraphQLErrorsSchema, type GraphQLError } from './api-schema';

/** Linear's own words from an error answer: each error's userPresentableMessage, or its message. */
export function linearSays(body: unknown): string | undefined {
  const parsed = GraphQLErrorsSchema.safeParse(body);
  if (!parsed.success) return commonErrorText(body);
  const words = parsed.data.errors.map((e) => e.extensions?.userPresentableMessage || e.message).filter((w): w is string => !!w);
  return [...new Set(words)].join('; ') || undefined;
}

/** How Linear's failures are worded (lib/trackers/http.ts finishes the sentences). */
export const LINEAR = describeFor('Linear', {
  newToken: 'create a new personal API key in Linear (Settings → Account → Security & access → Personal API keys) and paste it in Settings',
  permission:
    'give the API key the "Write" permission (or at least "Create comments"), with access to the issue\'s team, and make sure its account is a member of that team',
  notFound:
    'check the issue ID (like ENG-12). Linear also answers "not found" for an issue in a private team the key\'s account is not a member of, or in a team the key is not allowed to reach',
  errorText: linearSays,
});

/**
 * Linear's fetch, as the shared client should see it. Linear's GraphQL API answers most failures
 * with HTTP 200 or 400 and says what happened in `errors[].extensions`; this turns such answers
 * into the HTTP status they mean (401, 403, 404, 429, 5xx, else 400), so lib/trackers/http.ts
 * words them like every other tracker's. A rate limit becomes a 429 whose Retry-After is
 * Linear's own, or the wait until the exhausted budget resets
 * (https://linear.app/developers/rate-limiting: X-RateLimit-*-Reset, UTC epoch milliseconds).
 * An answer carrying `errors` never passes as a success, even with partial `data`.
 */
export function linearFetch(deps: TrackerDeps): typeof fetch {
  return async (input, init) => {
    const response = await deps.fetch(input, init);
    const text = await response.text();
    const errors = graphQLErrors(text);
    const status = errors ? statusFor(errors, response.status) : response.status;
    const headers = new Headers(response.headers);
    // The body is handed on as text, so its old encoding and length no longer apply.
    headers.delete('Content-Encoding');
    headers.delete('Content-Length');
    if (status === 429 && retryAfterMs(headers.get('Retry-After'), Date.now()) === undefined) {
      const wait = resetWaitMs(headers, Date.now());
      if (wait !== undefined) headers.set('Retry-After', String(Math.max(1, Math.ceil(wait / 1000))));
    }
    const empty = status === 204 || status === 205 || status === 304;
    return new Response(empty ? null : text, { status, statusText: status === response.status ? response.statusText : '', headers });
  };
}

function graphQLErrors(text: string): GraphQLError[] | undefined {
  try {
    const parsed = GraphQLErrorsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.errors : undefined;
  } catch {
    return undefined; // not JSON (a proxy's HTML page): the status speaks for itself
  }
}

/** The worst of the errors, as an HTTP status: a bad key first, then permission, rate limit, absence. */
function statusFor(errors: GraphQLError[], httpStatus: number): number {
  const statuses = errors.map(statusOf);
  for (const status of [401, 403, 429, 404]) if (statuses.includes(status)) return status;
  const server = statuses.find((s) => s >= 500);
  if (server) return server;
  return httpStatus >= 400 ? httpStatus : 400;
}

function statusOf(error: GraphQLError): number {
  const code = error.extensions?.code?.toUpperCase() ?? '';
  const type = error.extensions?.type?.toLowerCase() ?? '';
  if (code === 'AUTHENTICATION_ERROR' || type === 'authentication error') return 401;
  if (code === 'FORBIDDEN' || type === 'forbidden' || type === 'feature not accessible') return 403;
  if (code === 'RATELIMITED' || type === 'ratelimited') return 429;
  // "Entity not found: Issue" comes as an input error (code INPUT_ERROR, type "invalid input").
  if (code === 'ENTITY_NOT_FOUND' || code === 'NOT_FOUND' || /\bentity not found\b/i.test(error.message ?? '')) return 404;
  if (type === 'lock timeout' || type === 'network error') return 503;
  if (code === 'INTERNAL_SERVER_ERROR' || type === 'internal error') return 500;
  return 400;
}

/** Linear's reset headers: the budgets that ran out, or (when none says so) all of them. */
const BUDGETS = ['Requests', 'Complexity', 'Endpoint-Requests'] as const;

function resetWaitMs(headers: Headers, now: number): number | undefined {
  const budgets = BUDGETS.map((name) => ({
    out: headers.get(`X-RateLimit-${name}-Remaining`) === '0',
    reset: epochMs(headers.get(`X-RateLimit-${name}-Reset`)),
  })).filter((b): b is { out: boolean; reset: number } => b.reset !== undefined);
  const exhausted = budgets.some((b) => b.out) ? budgets.filter((b) => b.out) : budgets;
  if (exhausted.length === 0) return undefined;
  return Math.max(0, Math.max(...exhausted.map((b) => b.reset)) - now);
}

/** Linear documents milliseconds; a value that can only be seconds is read as seconds. */
function epochMs(value: string | null): number | undefined {
  const n = Number(value?.trim() || NaN);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e12 ? n * 1000 : n;
}
