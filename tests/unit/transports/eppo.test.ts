/**
 * The Eppo transport: its header as Eppo's real server SDK reads it (parseOverrides, then
 * withOverrides and the typed getters), what it refuses, and the key check at Save. The SDK
 * runs against the demo's local stand-in for Eppo (demo/vendors/eppo-app.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInstance } from '@eppo/node-server-sdk';
import { startEppoDemo } from '../../../demo/vendors/eppo-app';
import { eppoHeaderValue, eppoTransport } from '../../../lib/transports/eppo';
import { planSessionRules } from '../../../lib/overrides/planner';
import { CHROME_RESOURCE_TYPES } from '../../../lib/overrides/rules';
import { refusalFor, requestHeadersFor, secretRefusal } from '../../../lib/transports/registry';
import { TransportsSchema } from '../../../lib/transports/settings';
import { createFakeDnr } from '../../support/fake-dnr';
import type { OverrideValues } from '../../../lib/transports/types';

const KEY = 'demo-extension-key-1';
const on = { enabled: true, name: 'x-eppo-overrides' };
const clock = { expiresAt: 2_000_000_000_000, now: 1_000_000_000_000 };
let demo: Awaited<ReturnType<typeof startEppoDemo>>;

beforeAll(async () => { demo = await startEppoDemo([KEY]); });
afterAll(async () => { await demo?.close(); });

/** The header for `values` as the transport prepares it with `KEY`, read by the real SDK. */
async function readBySdk(values: OverrideValues, key = KEY) {
  const header = await eppoTransport.prepare!(on, values, { ...clock, secret: key });
  const client = getInstance();
  return { header: header!, eppo: client.withOverrides(await client.parseOverrides(header)) };
}

describe('the x-eppo-overrides header, as Eppo\'s server SDK reads it', () => {
  it('a string override is the assignment, named after its value; flags not overridden keep their real assignment', async () => {
    const { eppo } = await readBySdk({ 'checkout-theme': 'modern' });
    expect(getInstance().getStringAssignment('checkout-theme', 'u1', {}, 'fallback')).toBe('classic');
    const details = eppo.getStringAssignmentDetails('checkout-theme', 'u1', {}, 'fallback');
    expect(details.variation).toBe('modern');
    expect(details.evaluationDetails.variationKey).toBe('modern');
    expect(details.evaluationDetails.flagEvaluationDescription).toBe('Flag override applied');
    expect(eppo.getBooleanAssignment('new-checkout', 'u1', {}, true)).toBe(false);
  });

  type Client = ReturnType<typeof getInstance>;
  it.each<[string, OverrideValues, (c: Client) => unknown, unknown]>([
    ['boolean', { 'new-checkout': true }, (c) => c.getBooleanAssignment('new-checkout', 'u1', {}, false), true],
    ['integer', { 'max-items': 3 }, (c) => c.getIntegerAssignment('max-items', 'u1', {}, 1), 3],
    ['numeric', { ratio: 0.25 }, (c) => c.getNumericAssignment('ratio', 'u1', {}, 1), 0.25],
    ['JSON object', { layout: { columns: 2, dense: true } }, (c) => c.getJSONAssignment('layout', 'u1', {}, {}), { columns: 2, dense: true }],
    ['JSON array', { order: ['b', 'a'] }, (c) => c.getJSONAssignment('order', 'u1', {}, {}), ['b', 'a']],
    ['string beyond ASCII', { greeting: 'café ☕ 𝄞' }, (c) => c.getStringAssignment('greeting', 'u1', {}, ''), 'café ☕ 𝄞'],
  ])('a %s override comes back from the typed getter as the value', async (_type, values, get, expected) => {
    const { header, eppo } = await readBySdk(values);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(get(eppo)).toEqual(expected);
  });

  it('is the JSON Eppo documents: the key, and each flag as a variation { key, value }', async () => {
    const { header } = await readBySdk({ b: 2, a: 'x', c: { n: 1 } });
    expect(JSON.parse(header)).toEqual({
      browserExtensionKey: KEY,
      overrides: { a: { key: 'x', value: 'x' }, b: { key: '2', value: 2 }, c: { key: '{"n":1}', value: '{"n":1}' } },
    });
  });

  it('keeps a hostile flag key as an own key, and the SDK reads it without touching Object.prototype', async () => {
    const values = Object.assign(Object.create(null) as Record<string, string>, { ['__proto__']: 'p', constructor: 'c' });
    const { header, eppo } = await readBySdk(values);
    const parsed = JSON.parse(header) as { overrides: object };
    expect(Object.keys(parsed.overrides).sort()).toEqual(['__proto__', 'constructor']);
    expect(eppo.getStringAssignment('constructor', 'u1', {}, 'd')).toBe('c');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('the SDK applies an override without checking the flag\'s type, and does not log it (docs/transports.md says so)', async () => {
    const { eppo } = await readBySdk({ 'checkout-theme': true, 'max-items': 1.5, layout: 'not json' });
    expect(eppo.getStringAssignment('checkout-theme', 'u1', {}, 'fallback')).toBe(true);
    expect(eppo.getIntegerAssignment('max-items', 'u1', {}, 1)).toBe(1.5);
    expect(eppo.getJSONAssignment('layout', 'u1', {}, { fallback: true })).toEqual({ fallback: true });
    const logged = demo.assignments.length;
    eppo.getStringAssignment('checkout-theme', 'logged-or-not', {}, 'fallback');
    expect(demo.assignments.length).toBe(logged);
  });

  it('a key Eppo does not know is refused by the SDK: the app gets no overrides', async () => {
    const header = eppoHeaderValue('not-a-known-key', { 'checkout-theme': 'modern' });
    await expect(getInstance().parseOverrides(header)).rejects.toThrow('Unable to authorize key');
    expect(demo.cloud.keyChecks).toContain('not-a-known-key');
  });
});

describe('what the transport sends', () => {
  it('sends nothing without a key, when off, or with no overrides', async () => {
    expect(await eppoTransport.prepare!(on, { a: true }, clock)).toBeUndefined();
    expect(await eppoTransport.prepare!(on, { a: true }, { ...clock, secret: '  ' })).toBeUndefined();
    expect(await eppoTransport.prepare!({ ...on, enabled: false }, { a: true }, { ...clock, secret: KEY })).toBeUndefined();
    expect(await eppoTransport.prepare!(on, {}, { ...clock, secret: KEY })).toBeUndefined();
    expect(eppoTransport.requestHeaders(on, { a: true }, { prepared: new Map() })).toEqual([]);
  });

  it('sets the prepared header on the tab\'s requests to the site only', async () => {
    const transports = { ...TransportsSchema.parse({}), header: { enabled: false, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' }, eppo: on };
    const value = await eppoTransport.prepare!(on, { 'checkout-theme': 'modern' }, { ...clock, secret: KEY });
    const prepared = new Map([['eppo', value!]]);
    expect(requestHeadersFor(transports, { 'checkout-theme': 'modern' }, { prepared })).toEqual([{ header: 'x-eppo-overrides', operation: 'set', value }]);
    const dnr = createFakeDnr();
    await dnr.updateSessionRules(planSessionRules([{ tabId: 7, hosts: ['shop.example.com'], transports, values: { 'checkout-theme': 'modern' }, prepared }], [], CHROME_RESOURCE_TYPES));
    expect(dnr.headersFor({ url: 'https://shop.example.com/', tabId: 7, type: 'main_frame' })['x-eppo-overrides']).toBe(value);
    expect(dnr.headersFor({ url: 'https://shop.example.com/', tabId: 8, type: 'main_frame' })).toEqual({});
    expect(eppoTransport.carried(on, { headers: [{ name: 'X-Eppo-Overrides', value }] })).toBe(true);
    expect(eppoTransport.carried(on, { headers: [{ name: 'x-feature-flags', value: 'a=true' }] })).toBe(false);
  });
});

describe('what Eppo cannot take', () => {
  const transports = { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' }, eppo: on };

  it('refuses null (Eppo has no null variation) with what to do instead', () => {
    expect(refusalFor(transports, { 'checkout-theme': null })).toMatch(/Eppo has no null variation \("checkout-theme"\).*Reset the flag/);
    expect(refusalFor({ ...transports, eppo: { ...on, enabled: false } }, { 'checkout-theme': null })).toBeUndefined();
  });

  it('refuses a header too long to send, and takes every other JSON value', () => {
    expect(refusalFor(transports, { big: 'x'.repeat(5000) })).toMatch(/Eppo header would take \d+ characters/);
    expect(refusalFor(transports, { s: 'a', n: 1.5, b: false, o: { a: [1] }, l: [] })).toBeUndefined();
  });

  it.each([
    ['', /Paste the browser-extension key/],
    ['   ', /Paste the browser-extension key/],
    ['abc def-123456', /space or a line break/],
    ['"abc-123456"', /quotes or braces/],
    ['{"key":"abc-123456"}', /quotes or braces/],
    ['clé-1234567', /beyond visible ASCII/],
    ['abc', /too short/],
  ])('refuses the key %j at Save', (key, why) => {
    expect(secretRefusal('eppo', key)).toMatch(why);
  });

  it('takes a key that may be one (Eppo does not document their form)', () => {
    expect(secretRefusal('eppo', '  zCsQuoHJxVPp895.ZWg9MTIzNDU2LmUudGVzdGluZy5lcHBvLmNsb3Vk ')).toBeUndefined();
  });
});
