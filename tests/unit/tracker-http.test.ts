import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { commonErrorText, describeFor, readTrackerJson, trackerRequest, type TrackerRequest } from '../../lib/trackers/http';
import { TrackerError } from '../../lib/signoff/tracker';
import type { TrackerDeps } from '../../lib/trackers/types';
import { startFakeApi, type FakeApi, type FakeReply } from '../support/fake-api';

const servers: FakeApi[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const tracker = describeFor('Test Tracker', { newToken: 'create a new token with the "comments" scope and paste it in Settings', permission: 'ask an admin to let you comment', notFound: 'check the key' });
const deps: TrackerDeps = { fetch: (...args) => fetch(...args) };

/** A server whose every request to /comments gets `reply`. */
async function server(reply: () => FakeReply = () => ({ status: 201, body: { id: '7' } })) {
  const api = await startFakeApi({ authorize: () => undefined, routes: [{ method: 'POST', path: /^\/comments$/, handle: reply }, { method: 'GET', path: /^\/comments$/, handle: reply }] });
  servers.push(api);
  return api;
}

const post = (origin: string, extra: Partial<TrackerRequest> = {}): TrackerRequest => ({ url: `${origin}/comments`, method: 'POST', json: { text: 'hi' }, tracker, ticket: 'SHOP-142', doing: 'post the comment', ...extra });

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  return error as TrackerError;
}

/** Waits for a condition by yielding to the event loop (never a timer, so fake timers stay still). */
async function until(condition: () => boolean) {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('trackerRequest', () => {
  it('sends the JSON with its headers and hands back the answer, body still readable', async () => {
    const api = await server();
    const response = await trackerRequest(deps, post(api.origin, { headers: { Authorization: 'Bearer t0k' } }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: '7' });
    expect(api.requests[0]).toMatchObject({ method: 'POST', body: { text: 'hi' } });
    expect(api.requests[0]!.headers).toMatchObject({ authorization: 'Bearer t0k', 'content-type': 'application/json', accept: 'application/json' });
  });

  const cases: [FakeReply, TrackerError['kind'], string][] = [
    [{ status: 401, body: { message: 'Bad credentials' } }, 'token-rejected', 'The Test Tracker token was rejected ("Bad credentials"): it may have expired or been revoked; create a new token with the "comments" scope and paste it in Settings.'],
    [{ status: 403, body: { errorMessages: ['You may not comment.'], errors: {} } }, 'forbidden', 'Test Tracker does not let the account post the comment on SHOP-142 ("You may not comment"): ask an admin to let you comment.'],
    [{ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } }, 'ticket-not-found', 'SHOP-142 was not found in Test Tracker (HOST) ("Issue does not exist or you do not have permission to see it"); check the key.'],
    [{ status: 400, body: { errorMessages: [], errors: { comment: 'Comment body is not valid!' } } }, 'invalid', 'Test Tracker refused to post the comment on SHOP-142 (HTTP 400: comment: Comment body is not valid!). Edit the sign-off and send it again; if it keeps failing, report it as a Flagtab bug.'],
    [{ status: 422, body: { message: 'Validation Failed', errors: [{ message: 'body is too long' }] } }, 'invalid', 'Test Tracker refused to post the comment on SHOP-142 (HTTP 422: Validation Failed; body is too long). Edit the sign-off and send it again; if it keeps failing, report it as a Flagtab bug.'],
    [{ status: 429, headers: { 'Retry-After': '30' } }, 'rate-limited', 'Test Tracker asked Flagtab to slow down; Flagtab will try again in 30 s.'],
    [{ status: 429 }, 'rate-limited', 'Test Tracker asked Flagtab to slow down; Flagtab will try again in a while.'],
    [{ status: 500, body: '<html><body>Oops</body></html>', headers: { 'Content-Type': 'text/html' } }, 'unavailable', 'Test Tracker answered HTTP 500 when Flagtab tried to post the comment on SHOP-142: it may be down or under maintenance. Flagtab will try again.'],
    [{ status: 503, body: 'Service Unavailable', headers: { 'Content-Type': 'text/plain' } }, 'unavailable', 'Test Tracker answered HTTP 503 when Flagtab tried to post the comment on SHOP-142 ("Service Unavailable"): it may be down or under maintenance. Flagtab will try again.'],
    [{ status: 302, headers: { Location: 'https://login.example.com/sso' } }, 'invalid', 'Test Tracker redirected Flagtab to https://login.example.com/sso instead of answering; check the base URL in Settings (Flagtab does not follow redirects with your token).'],
  ];
  it.each(cases)('HTTP %j → %s with a message that says what to do', async (reply, kind, message) => {
    const api = await server(() => reply);
    const error = await failure(trackerRequest(deps, post(api.origin)));
    expect({ kind: error.kind, message: error.message }).toEqual({ kind, message: message.replace('HOST', new URL(api.origin).host) });
    expect(error.retryable).toBe(kind === 'rate-limited' || kind === 'unavailable');
  });

  it('takes retryAfterMs from Retry-After in seconds, on a 429 and on a 503', async () => {
    const api = await server(() => ({ status: 429, headers: { 'Retry-After': '7' } }));
    expect((await failure(trackerRequest(deps, post(api.origin)))).retryAfterMs).toBe(7000);
    api.failNext(1, { status: 503, headers: { 'Retry-After': '120' } });
    expect(await failure(trackerRequest(deps, post(api.origin)))).toMatchObject({ kind: 'unavailable', retryAfterMs: 120_000 });
  });

  it('takes retryAfterMs from Retry-After as an HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'));
    const api = await server(() => ({ status: 429, headers: { 'Retry-After': 'Wed, 21 Oct 2026 07:29:30 GMT' } }));
    const error = await failure(trackerRequest(deps, post(api.origin)));
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 90_000, message: 'Test Tracker asked Flagtab to slow down; Flagtab will try again in 90 s.' });
  });

  it('a refused connection is a retryable network failure naming the cause', async () => {
    const api = await server();
    const origin = api.origin;
    await api.close();
    servers.length = 0;
    const error = await failure(trackerRequest(deps, post(origin)));
    expect(error).toMatchObject({ kind: 'network', retryable: true, message: `Could not reach Test Tracker at ${origin} (ECONNREFUSED): check the connection and the base URL in Settings. Flagtab will try again.` });
  });

  it('a browser\'s "Failed to fetch" (offline) is a network failure too', async () => {
    const offline: TrackerDeps = { fetch: () => Promise.reject(new TypeError('Failed to fetch')) };
    const error = await failure(trackerRequest(offline, post('https://acme.atlassian.net')));
    expect(error).toMatchObject({ kind: 'network', message: 'Could not reach Test Tracker at https://acme.atlassian.net (Failed to fetch): check the connection and the base URL in Settings. Flagtab will try again.' });
  });

  it('gives up after timeoutMs (20 s by default) with a timeout, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // A fetch that never answers, as a server that hangs: only the abort ends it.
    const hanging: TrackerDeps = {
      fetch: (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    };
    let settled = false;
    const pending = failure(trackerRequest(hanging, post('https://acme.atlassian.net'))).finally(() => void (settled = true));
    await vi.advanceTimersByTimeAsync(19_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ kind: 'timeout', retryable: true, message: 'Test Tracker did not answer within 20 s when Flagtab tried to post the comment on SHOP-142. Flagtab will try again.' });
  });

  it('the timeout covers a body that stops arriving, not only the headers', async () => {
    const sockets = new Set<import('node:net').Socket>();
    let headersSent = false;
    const stalling = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"comments": [');
      headersSent = true; // …and the rest never comes
    });
    stalling.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`;
    try {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const pending = failure(trackerRequest({ ...deps, timeoutMs: 5000 }, post(origin, { method: 'GET', json: undefined, doing: 'read the comments' })));
      await until(() => headersSent);
      await vi.advanceTimersByTimeAsync(5000);
      expect(await pending).toMatchObject({ kind: 'timeout', message: 'Test Tracker did not answer within 5 s when Flagtab tried to read the comments on SHOP-142. Flagtab will try again.' });
    } finally {
      sockets.forEach((s) => s.destroy());
      stalling.close();
    }
  });

  it('rethrows what fetch throws that is neither a network failure nor the timeout, unchanged', async () => {
    const bug = new RangeError('bad header');
    const error = await trackerRequest({ fetch: () => Promise.reject(bug) }, post('https://acme.atlassian.net')).catch((e: unknown) => e);
    expect(error).toBe(bug);
  });

  it('refuses a base URL that is not a web address before any request', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const error = await failure(trackerRequest({ fetch }, post('acme.atlassian.net')));
    expect(error).toMatchObject({ kind: 'invalid', retryable: false, message: '"acme.atlassian.net/comments" is not a web address Flagtab can send to; check the Test Tracker base URL in Settings (like https://acme.atlassian.net).' });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('readTrackerJson', () => {
  const Comment = z.object({ id: z.string() });
  const request = { tracker, ticket: 'SHOP-142', doing: 'post the comment' };

  it('returns the answer in the documented shape', async () => {
    expect(await readTrackerJson(new Response('{"id":"7","extra":1}'), Comment, request)).toEqual({ id: '7' });
  });

  it('an HTML page (a proxy\'s login form) is invalid and points at the base URL', async () => {
    const error = await failure(readTrackerJson(new Response('<!DOCTYPE html><html><title>Log in</title>'), Comment, request));
    expect(error.message).toBe('Test Tracker answered Flagtab\'s request to post the comment on SHOP-142 with something Flagtab does not understand (it is not JSON: it starts "<!DOCTYPE html><html><title>Log in</title>"). Check the base URL in Settings: it should be the address you open Test Tracker at.');
  });

  it('JSON in another shape says which field', async () => {
    const error = await failure(readTrackerJson(new Response('{"id":7}'), Comment, request));
    expect(error).toMatchObject({ kind: 'invalid', message: expect.stringContaining('(id: Invalid input: expected string, received number)') });
  });
});

describe('commonErrorText', () => {
  it.each([
    [{ errorMessages: ['Issue does not exist.'], errors: { comment: 'Too long' } }, 'Issue does not exist.; comment: Too long'],
    [{ message: 'Validation Failed', errors: [{ resource: 'IssueComment', message: 'body is too long' }] }, 'Validation Failed; body is too long'],
    [{ error: 'invalid_token', error_description: 'Token expired' }, 'Token expired; invalid_token'],
    ['XSRF check failed', 'XSRF check failed'],
    ['<html>Error</html>', undefined],
    [{ errorMessages: [], errors: {} }, undefined],
    [null, undefined],
  ])('%j → %j', (body, expected) => {
    expect(commonErrorText(body)).toBe(expected);
  });
});
