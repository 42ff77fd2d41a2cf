import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../components/popup/Popup';
import { createPopupModel } from '../../components/popup/popup-model';
import { makeFlag } from '../../lib/flags/flag';
import { emptyDetections } from '../../lib/detect/store';
import { createBackgroundClient } from '../../lib/messaging/client';
import type { PopupState } from '../../lib/messaging/protocol';

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], expiryMinutes: 480 };
const flags = [
  makeFlag({ key: 'new-checkout', type: 'boolean', variants: [], tags: ['checkout', 'mobile'], defaultValue: false }),
  makeFlag({ key: 'hero-banner', type: 'string', variants: [], tags: ['a', 'b', 'c', 'd', 'e'], defaultValue: 'a' }),
  makeFlag({ key: 'plain', type: 'boolean', variants: [], tags: [], defaultValue: false }),
];

/** The popup for tab 3, drawn in a DOM of its own. */
async function drawn(state: Partial<PopupState> = {}) {
  const answer: PopupState = {
    tabId: 3, site, overrides: {},
    catalogue: { provider: 'flags-file', providerLabel: 'Flags file', listsVariants: true, warnings: [], needsRefresh: false, flags },
    ...state,
  };
  const client = createBackgroundClient(async () => ({ ok: true, result: structuredClone(answer) }));
  const model = createPopupModel({ client, tabId: 3, openOptions: () => undefined });
  await model.load();
  const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  Object.assign(globalThis, { document });
  render(h(Popup, { model }), document.getElementById('app')!);
  const row = (key: string) => document.querySelector(`li[data-flag-key="${key}"]`)!;
  return { document, row };
}

describe('popup rows', () => {
  it('show each flag\'s tags, as search finds them', async () => {
    const { row } = await drawn();
    expect(row('new-checkout').querySelector('.tags')?.textContent).toBe(' · tags: checkout, mobile');
    expect(row('hero-banner').querySelector('.tags')?.textContent).toBe(' · tags: a, b, c +2');
    expect(row('hero-banner').querySelector('.tags')?.getAttribute('title')).toBe('Tags: a, b, c, d, e');
    expect(row('plain').querySelector('.tags')).toBeNull();
  });

  it('say first what the page used when it did not honour the override', async () => {
    const detections = { ...emptyDetections(1_000), contentScript: true, flags: { 'new-checkout': { 'echo-header': { value: false, detail: 'GET /ignores-overrides/checkout', at: 20_000 } } } };
    const { row } = await drawn({
      overrides: { 'new-checkout': true }, overrideSetAt: { 'new-checkout': 10_000 },
      page: { detections, echoHeader: 'X-Feature-Flags-Applied', markers: true, sdks: true },
    });
    expect(row('new-checkout').querySelector('.page-line.not-honoured')?.textContent)
      .toBe('⚠ Not honoured: page uses false, not your true · server echo header (GET /ignores-overrides/checkout)');
  });

  it('say when the page\'s own service worker controls it, and what goes without overrides', async () => {
    const page = (serviceWorker?: true) => ({
      detections: { ...emptyDetections(1_000), contentScript: true, ...(serviceWorker ? { serviceWorker } : {}) },
      echoHeader: 'X-Feature-Flags-Applied', markers: true, sdks: true,
    });
    const controlled = await drawn({ page: page(true) });
    const note = controlled.document.querySelector('.service-worker')?.textContent ?? '';
    expect(note).toContain('This page is controlled by its own service worker.');
    expect(note).toMatch(/Requests the worker makes itself \(API calls\s+it passes on, pages it serves\) carry none of your overrides/);
    expect((await drawn({ page: page() })).document.querySelector('.service-worker')).toBeNull();
  });
});
