import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { BackgroundClient } from '../../lib/messaging/client';
import { createPopupModel, type LoadProgress } from '../../components/popup/popup-model';
import type { FirstLoad, ReadCachedFlags } from '../../components/popup/first-load';
import { PROGRESS_PREFIX } from '../../lib/catalogue/progress';
import { Popup } from '../../components/popup/Popup';
import { detectionKey } from '../../lib/detect/session-key';
import { DOCUMENTS_KEY } from '../../lib/overrides/documents';
import type { TabDetections } from '../../lib/detect/observation';
import { RunsContext, createRunsModel } from '../../components/popup/runs-model';

/** Listens to storage.session changes until the returned function is called. */
function watchSession(listener: (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>) => void): () => void {
  browser.storage.session.onChanged.addListener(listener);
  return () => browser.storage.session.onChanged.removeListener(listener);
}

/** The popup's UI, loaded by main.tsx once it has asked for what the first screen shows (`first`). */
export function startPopup({ tabId, client, readCachedFlags, first }: { tabId: number; client: BackgroundClient; readCachedFlags: ReadCachedFlags; first: Promise<FirstLoad> }) {
  const model = createPopupModel({
    tabId,
    client,
    readCachedFlags,
    watchProgress(siteId, callback) {
      const key = PROGRESS_PREFIX + siteId;
      return watchSession((changes) => key in changes && callback(changes[key]?.newValue as LoadProgress | undefined));
    },
    watchPage(tab, callback) {
      const key = detectionKey(tab);
      return watchSession((changes) => key in changes && callback(changes[key]?.newValue as TabDetections | undefined));
    },
    watchLoad(tab, callback) {
      const of = (v: unknown) => JSON.stringify((v as Record<string, unknown> | undefined)?.[String(tab)] ?? null);
      return watchSession((changes) => {
        const change = changes[DOCUMENTS_KEY];
        if (change && of(change.oldValue) !== of(change.newValue)) callback();
      });
    },
    copyText: (text) => navigator.clipboard.writeText(text),
    openSignOff(tab) {
      // Called inside the click: both browsers open a panel only in answer to a user gesture.
      const inTab = () => browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html?tabId=${tab}` as '/sidepanel.html') });
      // Chrome has sidePanel, Firefox sidebarAction; a browser with neither gets the panel's page in a tab.
      const sidebar = (browser as { sidebarAction?: { open?(): Promise<void> } }).sidebarAction;
      const opened = typeof globalThis.chrome?.sidePanel?.open === 'function' ? chrome.sidePanel.open({ tabId: tab }) : sidebar?.open ? sidebar.open() : inTab();
      void opened.catch(inTab).then(() => window.close());
    },
    openOptions(addHost) {
      const query = addHost ? `?addHost=${encodeURIComponent(addHost)}` : '';
      void browser.tabs.create({ url: browser.runtime.getURL(`/options.html${query}` as '/options.html') });
    },
  });
  const runs = createRunsModel({
    client,
    tabId,
    openGallery: (runId) => void browser.tabs.create({ url: browser.runtime.getURL(`/gallery.html?run=${encodeURIComponent(runId)}` as '/gallery.html') }),
    every(ms, tick) {
      const timer = setInterval(tick, ms);
      return () => clearInterval(timer);
    },
  });
  render(<RunsContext.Provider value={runs}><Popup model={model} /></RunsContext.Provider>, document.getElementById('app')!);
  void model.load(first);
}
