import { render } from 'preact';
import { browser } from 'wxt/browser'; // not the polyfill: see tests/unit/architecture/polyfill.test.ts
import { createBackgroundClient } from '../../lib/messaging/client';
import { base64ToBytes, downloadBlob, downloadText } from '../../lib/download';
import { createSignOffModel, type TabSource } from '../../components/signoff/signoff-model';
import { STORED } from '../../lib/storage/keys';
import { detectionKey } from '../../lib/detect/session-key';
import { SignOffPanel } from '../../components/signoff/SignOffPanel';
import './sidepanel.css';

/** A tab that finished loading a page: the model reloads the draft when it is the tab in view. */
function onLoaded(callback: Parameters<TabSource['watch']>[0]) {
  const listener = (tabId: number, change: { status?: string }) => {
    if (change.status === 'complete') callback({ tabId, kind: 'loaded' });
  };
  browser.tabs.onUpdated.addListener(listener);
  return () => browser.tabs.onUpdated.removeListener(listener);
}

/**
 * `sidepanel.html?tabId=N` signs off tab N (tests, and the popup where there is no side panel);
 * otherwise the active tab of the panel's window, followed as the person switches tabs.
 */
const pinned = Number(new URLSearchParams(location.search).get('tabId'));
const windowId = (await browser.windows.getCurrent()).id;
const tabs: TabSource = Number.isInteger(pinned) && pinned > 0
  ? { current: async () => pinned, watch: onLoaded }
  : {
      async current() {
        const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
        if (tab?.id === undefined) throw new Error('Flagtab cannot tell which tab this panel is next to: click into the tab you are testing.');
        return tab.id;
      },
      watch(callback) {
        const activated = (info: { tabId: number; windowId: number }) => {
          if (info.windowId === windowId) callback({ tabId: info.tabId, kind: 'activated' });
        };
        browser.tabs.onActivated.addListener(activated);
        const stopLoaded = onLoaded(callback);
        return () => { browser.tabs.onActivated.removeListener(activated); stopLoaded(); };
      },
    };

const client = createBackgroundClient((message) => browser.runtime.sendMessage(message));
const model = createSignOffModel({
  client,
  tabs,
  now: Date.now,
  watchStores(callback) {
    const listener = (changes: Record<string, unknown>) => {
      if (STORED.outbox.key in changes) callback('outbox');
      if (STORED.history.key in changes) callback('history');
    };
    browser.storage.local.onChanged.addListener(listener);
    return () => browser.storage.local.onChanged.removeListener(listener);
  },
  openOptions: () => void browser.runtime.openOptionsPage(),
  save(file) {
    if ('text' in file) downloadText(document, file.filename, file.text, file.type);
    else downloadBlob(document, file.filename, base64ToBytes(file.base64), file.type);
  },
  galleryRun: new URLSearchParams(location.search).get('gallery'), // "Sign off with this gallery"
});
// Back online: the background sends what waited (its worker may have slept through the event);
// either way the outbox's offline banner follows the browser.
addEventListener('online', () => void client.request('outbox/wake', {}).then(() => model.outbox.refresh()));
addEventListener('offline', () => void model.outbox.refresh());
// The tab's overrides or its page's report changed: refresh the evidence preview (at most
// every 300 ms: a busy page reports often).
let evidenceTimer: ReturnType<typeof setTimeout> | undefined;
browser.storage.session.onChanged.addListener((changes: Record<string, unknown>) => {
  const tab = model.tabId.value;
  if (!(STORED.overrides.key in changes) && !(tab !== undefined && detectionKey(tab) in changes)) return;
  clearTimeout(evidenceTimer);
  evidenceTimer = setTimeout(() => void model.form.refreshEvidence(), 300);
});
render(<SignOffPanel model={model} />, document.getElementById('app')!);
void model.start();
