import type { z } from '../zod';
import { clip, preview, retryAfterMs, sendOnce, webOrigin } from '../http/send';
import { TrackerError } from '../signoff/tracker';
import type { TrackerDeps } from './types';

/** How long a tracker may take to answer (headers and body) unless TrackerDeps says otherwise. */
export const DEFAULT_TRACKER_TIMEOUT_MS = 20_000;
/** No tracker answer Flagtab reads (a comment page, an upload's reply) comes near this. */
export const MAX_TRACKER_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * How one tracker's failures are worded: made once per tracker with `describeFor`, passed
 * with every request. Each text finishes a sentence the helper starts, so the messages of
 * all trackers read alike.
 */
export interface TrackerDescription {
  /** "Jira Cloud": names the tracker in every message. */
  label: string;
  /** Finishes "The Jira Cloud token was rejected: it may have expired or been revoked; …". */
  newToken: string;
  /** Finishes "Jira Cloud does not let the account post the comment on SHOP-142: …". */
  permission: string;
  /** Finishes "SHOP-142 was not found in Jira Cloud (acme.atlassian.net); …". */
  notFound: string;
  /** The tracker's own words from an error body (parsed JSON, or the text when not JSON). */
  errorText(body: unknown): string | undefined;
}

/**
 * @example describeFor('Jira Cloud', { newToken: 'create a new API token at … and paste it in Settings' })
 */
export function describeFor(label: string, hooks: Partial<Omit<TrackerDescription, 'label'>> = {}): TrackerDescription {
  return {
    label,
    newToken: `create a new ${label} token and paste it in Settings`,
    permission: `ask a ${label} admin for permission to comment there`,
    notFound: 'check the key',
    errorText: commonErrorText,
    ...hooks,
  };
}

export interface TrackerRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as is: FormData for uploads (fetch adds the multipart boundary). */
  body?: BodyInit;
  /** Sent as JSON, with Content-Type: application/json; instead of `body`. */
  json?: unknown;
  tracker: TrackerDescription;
  /** The ticket as the person typed it ("SHOP-142"), for messages. */
  ticket: string;
  /** What the request does, for messages: "post the comment", "read the comments". */
  doing: string;
}

/**
 * One request to a tracker. Resolves with the answer when it is 2xx, its body already read
 * (the timeout covers the body too, so a stalled download cannot hang the outbox); throws a
 * TrackerError for every failure: 401 token-rejected, 403 forbidden, 404 ticket-not-found,
 * 429 rate-limited and 5xx unavailable (both with Retry-After, in seconds or as an HTTP date),
 * other statuses and redirects invalid, a fetch TypeError network, the timeout timeout.
 * Anything else fetch throws is rethrown unchanged. Redirects are not followed, so a token
 * never travels to where a redirect points. The Response keeps the tracker's status and
 * headers (Link, for paging); its `url` is empty, as it is rebuilt from the read body.
 *
 * @example
 * const response = await trackerRequest(deps, { url, method: 'POST', json: { body }, tracker, ticket: 'SHOP-142', doing: 'post the comment' });
 * const comment = await readTrackerJson(response, CommentSchema, request);
 */
export async function trackerRequest(deps: TrackerDeps, request: TrackerRequest): Promise<Response> {
  const origin = webOrigin(request.url);
  if (!origin) {
    // Retrying cannot help a URL that is not one: the person fixes the base URL.
    throw new TrackerError('invalid', `"${clip(request.url, 100)}" is not a web address Flagtab can send to; check the ${request.tracker.label} base URL in Settings (like https://acme.atlassian.net).`);
  }
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TRACKER_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.json !== undefined) headers['Content-Type'] = 'application/json';
  const body = request.json !== undefined ? JSON.stringify(request.json) : request.body;
  const sent = await sendOnce(deps.fetch, request.url, { method: request.method ?? 'GET', headers, body, timeoutMs, maxBytes: MAX_TRACKER_ANSWER_BYTES });
  const { tracker, ticket, doing } = request;
  switch (sent.outcome) {
    case 'answer': {
      const { response, bytes } = sent;
      if (response.ok) {
        const empty = response.status === 204 || response.status === 205;
        return new Response(empty ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
      }
      throw failure(response, new TextDecoder().decode(bytes), request, origin);
    }
    case 'redirect':
      throw new TrackerError('invalid', `${tracker.label} redirected Flagtab${sent.location ? ` to ${clip(sent.location, 120)}` : ''} instead of answering; check the base URL in Settings (Flagtab does not follow redirects with your token).`);
    case 'too-big':
      throw new TrackerError('invalid', `${tracker.label} answered Flagtab's request to ${doing} on ${ticket} with more than ${MAX_TRACKER_ANSWER_BYTES / 1024 / 1024} MB; Flagtab refuses answers that large. Check the base URL in Settings.`);
    case 'timeout':
      throw new TrackerError('timeout', `${tracker.label} did not answer within ${duration(timeoutMs)} when Flagtab tried to ${doing} on ${ticket}. Flagtab will try again.`, undefined, { cause: sent.error });
    case 'failed': {
      // Anything fetch throws that is not a network failure is a bug to see as it is.
      if (!(sent.error instanceof TypeError)) throw sent.error;
      const why = causeText(sent.error);
      throw new TrackerError('network', `Could not reach ${tracker.label} at ${origin}${why ? ` (${why})` : ''}: check the connection and the base URL in Settings. Flagtab will try again.`, undefined, { cause: sent.error });
    }
  }
}

/** The status as a TrackerError whose message says what to do. */
function failure(response: Response, text: string, request: TrackerRequest, origin: string): TrackerError {
  const { tracker, ticket, doing } = request;
  const status = response.status;
  const said = saidBy(tracker, text);
  const quoted = said ? ` ("${said}")` : '';
  if (status === 401) {
    return new TrackerError('token-rejected', `The ${tracker.label} token was rejected${quoted}: it may have expired or been revoked; ${tracker.newToken}.`);
  }
  if (status === 403) {
    return new TrackerError('forbidden', `${tracker.label} does not let the account ${doing} on ${ticket}${quoted}: ${tracker.permission}.`);
  }
  if (status === 404) {
    return new TrackerError('ticket-not-found', `${ticket} was not found in ${tracker.label} (${new URL(origin).host})${quoted}; ${tracker.notFound}.`);
  }
  const after = retryAfterMs(response.headers.get('Retry-After'), Date.now());
  if (status === 429) {
    const when = after === undefined ? 'in a while' : `in ${duration(after)}`;
    return new TrackerError('rate-limited', `${tracker.label} asked Flagtab to slow down${quoted}; Flagtab will try again ${when}.`, after);
  }
  if (status >= 500) {
    return new TrackerError('unavailable', `${tracker.label} answered HTTP ${status} when Flagtab tried to ${doing} on ${ticket}${quoted}: it may be down or under maintenance. Flagtab will try again.`, after);
  }
  return new TrackerError('invalid', `${tracker.label} refused to ${doing} on ${ticket} (HTTP ${status}${said ? `: ${said}` : ''}). Edit the sign-off and send it again; if it keeps failing, report it as a Flagtab bug.`);
}

/**
 * The answer's JSON checked against the documented shape; an answer in another shape (an
 * HTML login page from a proxy, a wrong base URL) is an 'invalid' TrackerError saying so.
 */
export async function readTrackerJson<T>(response: Response, schema: z.ZodMiniType<T>, request: Pick<TrackerRequest, 'tracker' | 'ticket' | 'doing'>): Promise<T> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw unexpected(request, `it is not JSON: ${preview(text)}`, error);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw unexpected(request, `${issue?.path.join('.') || 'the answer'}: ${issue?.message ?? 'not the documented shape'}`, result.error);
  }
  return result.data;
}

function unexpected(request: Pick<TrackerRequest, 'tracker' | 'ticket' | 'doing'>, why: string, cause: unknown): TrackerError {
  const { label } = request.tracker;
  return new TrackerError('invalid', `${label} answered Flagtab's request to ${request.doing} on ${request.ticket} with something Flagtab does not understand (${why}). Check the base URL in Settings: it should be the address you open ${label} at.`, undefined, { cause });
}

/**
 * The error words most trackers send: Jira's { errorMessages, errors: { field: text } },
 * GitHub's and GitLab's { message, errors }, OAuth's { error_description }, or a short text.
 */
export function commonErrorText(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    return text && !text.startsWith('<') && text.length <= 300 ? text : undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const parts: string[] = [];
  if (Array.isArray(b.errorMessages)) parts.push(...b.errorMessages.filter((m): m is string => typeof m === 'string'));
  for (const key of ['message', 'error_description', 'error']) if (typeof b[key] === 'string') parts.push(b[key]);
  if (Array.isArray(b.errors)) {
    for (const e of b.errors) if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') parts.push((e as { message: string }).message);
  } else if (typeof b.errors === 'object' && b.errors !== null) {
    for (const [field, text] of Object.entries(b.errors)) if (typeof text === 'string') parts.push(`${field}: ${text}`);
  }
  const joined = parts.map((p) => p.trim()).filter(Boolean).join('; ');
  return joined || undefined;
}

function saidBy(tracker: TrackerDescription, text: string): string | undefined {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page, "XSRF check failed"): errorText gets the text itself.
  }
  const said = tracker.errorText(body)?.trim().replace(/[.。]+$/, '');
  return said ? clip(said.replace(/\s+/g, ' '), 300) : undefined;
}

/** Node says "fetch failed" and keeps the reason (ECONNREFUSED…) in `cause`; browsers say little. */
function causeText(error: TypeError): string | undefined {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error.message || undefined;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.ceil(ms / 1000)} s`;
}
