import { retryAfterMs } from '../../http/send';
import { describeFor } from '../http';
import { TrackerError } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import { GitHubErrorSchema } from './api-schema';

/** GitHub's own words from an error body, with 422's field errors: "Validation Failed: body is too long". */
export function gitHubSays(body: unknown): string | undefined {
  const parsed = GitHubErrorSchema.safeParse(body);
  if (!parsed.success || !parsed.data.message) return undefined;
  const details = (parsed.data.errors ?? [])
    .map((e) => (typeof e === 'string' ? e : (e.message ?? [e.field, e.code].filter(Boolean).join(' '))))
    .filter(Boolean);
  return [parsed.data.message, ...details].join(': ');
}

/** How GitHub's failures are worded (lib/trackers/http.ts finishes the sentences). */
export const GITHUB = describeFor('GitHub', {
  newToken: 'create a new one (fine-grained with "Issues: Read and write" on the repository, or classic with the repo scope) and paste it in Settings',
  permission: 'give the token "Issues: Read and write" on the repository (fine-grained) or the repo scope (classic); if the organisation uses SAML single sign-on, authorise the token for it. A locked issue or an archived repository refuses comments too',
  notFound: 'check the key (owner/repo#number). GitHub also answers "not found" for a private repository the token cannot see: give the token access to it',
  errorText: gitHubSays,
});

/**
 * GitHub's fetch, as the shared client should see it. GitHub says "rate limit" with a 403 as
 * often as with a 429: remaining 0 means wait until x-ratelimit-reset (epoch seconds), and a
 * secondary limit sends Retry-After or asks for at least a minute
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit).
 * Those 403s reach the client as the 429 they mean, with the wait in Retry-After.
 */
export function gitHubFetch(deps: TrackerDeps, onStatus: (status: number) => void): typeof fetch {
  return async (input, init) => {
    const response = await deps.fetch(input, init);
    onStatus(response.status);
    if (response.status !== 403 && response.status !== 429) return response;
    const text = await response.clone().text();
    const now = Date.now();
    const retryAfter = retryAfterMs(response.headers.get('Retry-After'), now);
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    const exhausted = response.headers.get('x-ratelimit-remaining') === '0';
    const secondary = /rate limit/i.test(gitHubSays(safeJson(text)) ?? '');
    if (response.status === 403 && retryAfter === undefined && !exhausted && !secondary) return response;
    const waitMs = retryAfter ?? (exhausted && reset > 0 ? Math.max(0, reset * 1000 - now) : 60_000);
    const headers = new Headers(response.headers);
    // The body is handed on as text, so its old encoding and length no longer apply.
    headers.delete('Content-Encoding');
    headers.delete('Content-Length');
    headers.set('Retry-After', String(Math.ceil(waitMs / 1000)));
    return new Response(text, { status: 429, statusText: 'Too Many Requests', headers });
  };
}

/**
 * Sharper words for the statuses GitHub gives a meaning of its own: 410 (issues turned off on
 * the repository) and 301/307 (a renamed or transferred repository). Other errors pass as they are.
 */
export function gitHubRefine(error: unknown, status: number | undefined, ticket: string): unknown {
  if (!(error instanceof TrackerError) || error.kind !== 'invalid') return error;
  const repo = ticket.split('#')[0];
  if (status === 410) {
    return new TrackerError('invalid', `Issues are turned off on ${repo}: turn them on in the repository's settings (General → Features → Issues), or sign off on another ticket.`, undefined, { cause: error });
  }
  if (status === 301 || status === 302 || status === 307 || status === 308) {
    return new TrackerError('ticket-not-found', `${repo} has moved or been renamed on GitHub: write the ticket with the repository's new owner/name.`, undefined, { cause: error });
  }
  return error;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // an HTML page from a proxy: not GitHub's words
  }
}
