import { describe, expect, it } from 'vitest';
import { createPopupModel } from '../../components/popup/popup-model';
import { createBackgroundClient } from '../../lib/messaging/client';
import { LOADED_WITHOUT, type LoadWarning } from '../../lib/overrides/documents';
import type { PopupState } from '../../lib/messaging/protocol';

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], expiryMinutes: 480 };

describe('popup: "this page loaded without your overrides"', () => {
  it('follows the tab: the warning goes once the reloaded page carried the overrides', async () => {
    let warning: LoadWarning | undefined = { method: 'GET', canReload: true, message: LOADED_WITHOUT };
    let loaded: (() => void) | undefined;
    const client = createBackgroundClient(async (message) => {
      if (message.type !== 'popup/state') throw new Error(`unexpected ${message.type}`);
      const state: PopupState = { tabId: 3, site, overrides: { a: true }, ...(warning ? { loadedWithout: warning } : {}) };
      return { ok: true, result: state };
    });
    const model = createPopupModel({ client, tabId: 3, openOptions: () => undefined, watchLoad: (_tab, cb) => { loaded = cb; return () => undefined; } });
    await model.load();
    expect(model.state.value?.loadedWithout?.message).toBe(LOADED_WITHOUT);

    warning = undefined; // the tab reloaded, and this time the request carried them
    loaded?.();
    await expect.poll(() => model.state.value?.loadedWithout).toBeUndefined();
  });
});
