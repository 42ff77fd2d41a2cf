import { describe, expect, it } from 'vitest';
import { createMessageRouter, type Handlers } from '../../lib/messaging/router';
import type { PopupState } from '../../lib/messaging/protocol';

const self = { extensionId: 'flagtab-id', extensionOrigin: 'chrome-extension://flagtab-id/' };
const popupSender = { id: 'flagtab-id', url: 'chrome-extension://flagtab-id/popup.html?tabId=4' };

/** A router over a tiny in-memory override store, so tests can see what changed. */
function setup() {
  const store = new Map<string, unknown>();
  const state = (tabId: number): PopupState => ({ tabId, overrides: Object.fromEntries(store) as PopupState['overrides'] });
  // Only these types are sent here; the sign-off ones have their own tests.
  const handlers: Pick<Handlers, 'popup/state' | 'overrides/set' | 'overrides/clear' | 'overrides/reset' | 'catalogue/refresh' | 'page/outline' | 'tab/reload' | 'connection/test'> = {
    'popup/state': async ({ tabId }) => state(tabId),
    'overrides/set': async ({ tabId, key, value }) => { store.set(key, value); return state(tabId); },
    'overrides/clear': async ({ tabId, key }) => { store.delete(key); return state(tabId); },
    'overrides/reset': async ({ tabId }) => { store.clear(); return state(tabId); },
    'catalogue/refresh': async () => { throw new Error('The flags file answered HTTP 404.'); },
    'page/outline': async ({ on }) => ({ on, applied: false }),
    'tab/reload': async () => ({ reloaded: true }),
    'connection/test': async ({ token }) => ({ ok: token === 'good', message: token === 'good' ? 'Connected' : 'Token rejected' }),
  };
  return { store, route: createMessageRouter(handlers as Handlers, self) };
}

describe('message router', () => {
  it('acts on a valid message from the popup', async () => {
    const { store, route } = setup();
    const reply = await route({ type: 'overrides/set', data: { tabId: 4, siteId: 'shop', key: 'a,b;c=d\n', value: { x: [1] } } }, popupSender);
    expect(reply).toEqual({ ok: true, result: { tabId: 4, overrides: { 'a,b;c=d\n': { x: [1] } } } });
    expect(store.get('a,b;c=d\n')).toEqual({ x: [1] });
  });

  it.each([
    ['a web page', { url: 'https://shop.example.com/' }],
    ['a content script in a page', { id: 'flagtab-id', url: 'https://shop.example.com/' }],
    ['another extension', { id: 'other', url: 'chrome-extension://other/popup.html' }],
    ['a look-alike origin', { id: 'flagtab-id', url: 'chrome-extension://flagtab-id.evil/' }],
    ['nobody', {}],
  ])('refuses commands from %s and changes nothing', async (_who, sender) => {
    const { store, route } = setup();
    const reply = await route({ type: 'overrides/set', data: { tabId: 4, siteId: 'shop', key: 'a', value: true } }, sender);
    expect(reply.ok).toBe(false);
    expect(store.size).toBe(0);
  });

  it.each([
    [{ type: 'overrides/set', data: { tabId: -1, siteId: 'shop', key: 'a', value: true } }, /tabId/],
    [{ type: 'overrides/set', data: { tabId: 4, siteId: 'shop', key: '', value: true } }, /key/],
    [{ type: 'overrides/set', data: { tabId: 4, siteId: 'shop', key: 'k'.repeat(257), value: true } }, /key/],
    [{ type: 'overrides/set', data: { tabId: 4, siteId: 'shop', key: 'a', value: () => 1 } }, /value/],
    [{ type: 'tokens/read', data: {} }, /Unknown message type/],
    [{ type: 'toString', data: {} }, /Unknown message type/],
    [null, /Unknown message type/],
  ])('rejects malformed message %# with a reason', async (message, reason) => {
    const { store, route } = setup();
    const reply = await route(message, popupSender);
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ message: expect.stringMatching(reason) }) });
    expect(store.size).toBe(0);
  });

  it('says which field a malformed message is about, as data', async () => {
    const { route } = setup();
    const reply = await route({ type: 'overrides/set', data: { tabId: 4, siteId: 'shop', key: '', value: true } }, popupSender);
    expect(reply).toEqual({
      ok: false,
      error: { kind: 'invalid', message: expect.stringMatching(/^Invalid "overrides\/set" message: key: /), field: 'key', issues: [{ path: ['key'], message: expect.any(String) }] },
    });
    expect(await route({ type: 'overrides/set', data: {} }, { url: 'https://shop.example.com/' })).toEqual({ ok: false, error: { kind: 'refused', message: expect.any(String) } });
    expect(await route({ type: 'tokens/read', data: {} }, popupSender)).toEqual({ ok: false, error: { kind: 'unknown-type', message: 'Unknown message type "tokens/read".' } });
  });

  it('returns a failing handler\'s message as a value', async () => {
    const { route } = setup();
    const original = console.error;
    console.error = () => undefined;
    try {
      expect(await route({ type: 'catalogue/refresh', data: { tabId: 1, siteId: 'shop' } }, popupSender))
        .toEqual({ ok: false, error: { kind: 'failed', message: 'The flags file answered HTTP 404.' } });
    } finally {
      console.error = original;
    }
  });
});
