import browser from 'webextension-polyfill';
import { createBackgroundClient } from '../../lib/messaging/client';
import { chunkKeys, flagsFromChunks } from '../../lib/catalogue/cache-keys';
import { loadFirst, type ReadCachedFlags } from '../../components/popup/first-load';
import '../../components/ui/tokens.css';
import './popup.css';

/** `popup.html?tabId=N` acts on tab N (the side panel and tests); otherwise on the active tab. */
async function targetTabId(): Promise<number> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) throw new Error('No active tab');
  return tab.id;
}

const tabId = await targetTabId();
const client = createBackgroundClient((message) => browser.runtime.sendMessage(message));
const readCachedFlags: ReadCachedFlags = async (ref, from, to) => flagsFromChunks(await browser.storage.local.get(chunkKeys(ref, from, to)), ref, from, to);
// Asked before the UI's code (Preact, the components, the models) is loaded and run: the
// background answers and the first flags are read while it is, not after.
const first = loadFirst(client, tabId, readCachedFlags);
const { startPopup } = await import('./start');
startPopup({ tabId, client, readCachedFlags, first });
