import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../components/popup/Popup';
import { createPopupModel } from '../../components/popup/popup-model';
import { createBackgroundClient } from '../../lib/messaging/client';
import type { PopupState } from '../../lib/messaging/protocol';

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], expiryMinutes: 480 };

/** A popup for tab 3 whose "open the side panel" dep records the tabs it was asked for. */
async function popupOn(state: Omit<PopupState, 'tabId' | 'overrides'>) {
  const opened: number[] = [];
  const client = createBackgroundClient(async () => ({ ok: true, result: { tabId: 3, overrides: {}, ...state } }));
  const model = createPopupModel({ client, tabId: 3, openOptions: () => undefined, openSignOff: (tab) => opened.push(tab) });
  await model.load();
  const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  Object.assign(globalThis, { document });
  render(h(Popup, { model }), document.getElementById('app')!);
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Sign off…');
  return { model, opened, button };
}

describe('popup: "Sign off…"', () => {
  it('is offered on a configured site and opens the side panel for this tab within the click', async () => {
    const { model, opened, button } = await popupOn({ site, tabUrl: 'https://shop.example.com/' });
    expect(button).toBeDefined();
    model.signOff();
    // No await in between: Chrome's sidePanel.open and Firefox's sidebarAction.open need the click's user gesture.
    expect(opened).toEqual([3]);
  });

  it('is not offered off-site, where there is nothing to sign off', async () => {
    const { model, button } = await popupOn({ tabUrl: 'https://news.example.org/' });
    expect(button).toBeUndefined();
    expect(model.canSignOff.value).toBe(false);
  });
});
