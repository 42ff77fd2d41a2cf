import { describe, expect, it } from 'vitest';
import { createMessageRouter, type Handlers } from '../../lib/messaging/router';
import type { MessageType, RequestOf } from '../../lib/messaging/protocol';

const self = { extensionId: 'flagtab-id', extensionOrigin: 'chrome-extension://flagtab-id/' };
const sender = { id: 'flagtab-id', url: 'chrome-extension://flagtab-id/sidepanel.html' };

const SIGN_OFF_ID = 'so-abcdefghijklmnopqrst';
const evidence: RequestOf<'signoff/submit'>['evidence'] = {
  url: 'https://shop.example.com/checkout', site: { id: 'shop', name: 'Shop' }, overrides: { 'new-checkout': true },
  activeFlags: [{ key: 'new-checkout', value: true, source: 'echo header' }], browser: 'Chrome 140', flagtabVersion: '0.1.0', at: 1_700_000_000_000,
};

/**
 * One valid message of every type (typed by `RequestOf`, so a type whose request no longer
 * infers as it did fails to compile here). The router answers each with what its schema made
 * of the data (trimmed, defaulted), and refuses wrong data with the error text the page shows.
 */
const VALID: { [T in MessageType]: RequestOf<T> } = {
  'popup/state': { tabId: 4 },
  'overrides/set': { tabId: 4, siteId: 'shop', key: 'new-checkout', value: { x: [1] } },
  'overrides/clear': { tabId: 4, siteId: 'shop', key: 'new-checkout' },
  'overrides/reset': { tabId: 4 },
  'overrides/set-many': { tabId: 4, siteId: 'shop', values: { a: true, b: 'B' } },
  'scenarios/apply': { tabId: 4, scenarioId: 'new-checkout' },
  'scenarios/next': { tabId: 4 },
  'scenarios/save': { tabId: 4, siteId: 'shop', name: ' New checkout ', startPath: '/checkout', tickets: ['SHOP-142'] },
  'catalogue/refresh': { tabId: 4, siteId: 'shop' },
  'page/outline': { tabId: 4, on: true },
  'tab/reload': { tabId: 4 },
  'connection/test': { site: { id: 'shop' }, token: 'tok' },
  'signoff/draft': { tabId: 4 },
  'signoff/screenshot': { tabId: 4 },
  'signoff/submit': {
    id: SIGN_OFF_ID, tabId: 4, siteId: 'shop', ticket: ' SHOP-142 ', verdict: 'passed', notes: 'Looks right.', who: 'Ada',
    screenshot: { base64: 'iVBORw0KGgo=', width: 2, height: 1 },
    gallery: { runId: 'run-1', label: 'Checkout', steps: [{ values: { a: true }, reported: { a: { value: true, source: 'page' } } }], images: [{ name: 'step-1.png', base64: 'iVBORw0KGgo=' }] },
    evidence,
  },
  'outbox/list': {},
  'outbox/wake': {},
  'outbox/retry': { id: SIGN_OFF_ID },
  'outbox/discard': { id: SIGN_OFF_ID },
  'outbox/edit': { id: SIGN_OFF_ID, patch: { ticket: 'SHOP-143', verdict: 'failed', notes: 'No.', dropScreenshot: true } },
  'history/list': {},
  'history/screenshot': { id: SIGN_OFF_ID },
  'history/drop-screenshot': { id: SIGN_OFF_ID },
  'history/remove': { id: SIGN_OFF_ID },
  'history/export': { format: 'markdown', ticket: 'SHOP-142' },
  'tracker/test': { site: { id: 'shop' } },
  'sites/check-hosts': { hosts: [' Shop.Example.com', '*.example.com'] },
  'config/read': {},
  'policy/sync': {},
  'keys/get': { siteId: 'shop' },
  'keys/generate': { siteId: 'shop', who: ' ada@example.com ' },
  'keys/import-secret': { siteId: 'shop', secret: 's3cret', who: 'Ada' },
  'keys/revoke': { siteId: 'shop' },
  'share/link': { tabId: 4, name: ' Banner B ' },
  'share/offer': { tabId: 4 },
  'share/apply': { tabId: 4, fragment: '#flagtab=abc', withUnknown: false },
  'share/dismiss': { tabId: 4, fragment: '#flagtab=abc' },
  'runs/start': { tabId: 4, siteId: 'shop', strategy: { kind: 'chosen', steps: [{ a: true }, { a: false }] }, keys: ['a'] },
  'runs/status': {},
  'runs/pause': {},
  'runs/resume': {},
  'runs/cancel': {},
  'runs/gallery': { runId: 'run-1' },
};

const TYPES = Object.keys(VALID) as MessageType[];

/** A router whose every handler answers with the data it was given, as the schema left it. */
const route = createMessageRouter(Object.fromEntries(TYPES.map((type) => [type, async (data: unknown) => data])) as Handlers, self);

/** The valid message with every field's value replaced by a value of the wrong kind. */
const wrongKinds = (data: object) => Object.fromEntries(Object.keys(data).map((key) => [key, key === 'tabId' ? -1.5 : 12.5]));

/** The valid message with every string, however deep, emptied and every number made -1: the checks inside (lengths, patterns, ranges). */
const emptied = (value: unknown): unknown => {
  if (typeof value === 'string') return '';
  if (typeof value === 'number') return -1;
  if (Array.isArray(value)) return value.map(emptied);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, emptied(v)]));
  return value;
};

describe('every message type, validated by its schema', () => {
  it.each(TYPES)('%s: accepts its valid message as before, and refuses wrong data with the same words', async (type) => {
    const valid = VALID[type];
    const accepted = await route({ type, data: valid }, sender);
    expect(accepted.ok).toBe(true);
    const refused = await Promise.all([null, 'text', {}, wrongKinds(valid), emptied(valid)].map((data) => route({ type, data }, sender)));
    expect({ accepted, refused }).toMatchSnapshot();
  });

  it('refuses a type that is not in the protocol, even one every object has', async () => {
    expect(await route({ type: 'constructor', data: {} }, sender)).toEqual({ ok: false, error: { kind: 'unknown-type', message: 'Unknown message type "constructor".' } });
  });
});
