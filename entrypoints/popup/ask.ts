// WXT's `browser`: Firefox's own, or Chrome's `chrome` (promise-based in MV3), as the options page
// and content scripts use: the popup only sends messages and reads storage, nothing
// webextension-polyfill adds, whose 9.8 KB were the first thing the popup's first request waited on.
import { browser } from 'wxt/browser';
import { createBackgroundClient } from '../../lib/messaging/client';
import { chunkKeys, flagsFromChunks } from '../../lib/catalogue/cache-keys';
import { loadFirst, type ReadCachedFlags } from '../../components/popup/first-load';

/*
 * The popup's first request, sent while this module is evaluated. main.tsx imports it before
 * the UI (Preact, the components, the models), so the background answers and the first flags
 * are read while that code is evaluated, instead of after; and the UI is a static import,
 * fetched with this module from the page's own modulepreload links, not one request later.
 */

/** `popup.html?tabId=N` acts on tab N (the side panel and tests); otherwise on the active tab. */
function targetTabId(): number | Promise<number> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  return browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
    if (tab?.id === undefined) throw new Error('Flagtab found no active tab to act on: click a tab, then open Flagtab again.');
    return tab.id;
  });
}

export const client = createBackgroundClient((message) => browser.runtime.sendMessage(message));
export const readCachedFlags: ReadCachedFlags = async (ref, from, to) => flagsFromChunks(await browser.storage.local.get(chunkKeys(ref, from, to)), ref, from, to);
const target = targetTabId();
/** The tab the popup acts on. */
export const tabIdReady = Promise.resolve(target);
/** Asked now: synchronously when the address names the tab, else as soon as the active tab is known. */
export const first = typeof target === 'number' ? loadFirst(client, target, readCachedFlags) : target.then((tabId) => loadFirst(client, tabId, readCachedFlags));
