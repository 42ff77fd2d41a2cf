import { render } from 'preact';
import { browser } from 'wxt/browser'; // not the polyfill: see tests/unit/architecture/polyfill.test.ts
import { createGalleryStore } from '../../lib/runs/gallery-store';
import { drawContactSheet } from '../../lib/runs/contact-sheet';
import { downloadBlob } from '../../lib/download';
import { STORED } from '../../lib/storage/keys';
import { createGalleryModel } from '../../components/gallery/gallery-model';
import { Gallery } from '../../components/gallery/Gallery';
import './gallery.css';

/** `gallery.html?run=<id>` shows that run; otherwise the latest. */
const store = createGalleryStore(browser.storage.local);
const model = createGalleryModel({
  list: store.list,
  image: store.image,
  async drawSheet(entries) {
    const decoded = await Promise.all(entries.map(async (e) => ({
      lines: e.lines,
      ...(e.base64 ? { image: await createImageBitmap(new Blob([Uint8Array.from(atob(e.base64), (c) => c.charCodeAt(0))], { type: 'image/png' })) } : {}),
    })));
    return drawContactSheet(decoded);
  },
  download: (filename, data) => downloadBlob(document, filename, data),
  // The side panel page pinned to the run's tab (as the popup opens it where there is no side panel).
  openSignOff: (tabId, runId) => void browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html?tabId=${tabId}&gallery=${encodeURIComponent(runId)}`) }),
  watch(callback) {
    const listener = (changes: Record<string, unknown>) => { if (STORED.gallery.key in changes) callback(); };
    browser.storage.local.onChanged.addListener(listener);
    return () => browser.storage.local.onChanged.removeListener(listener);
  },
}, new URLSearchParams(location.search).get('run') ?? undefined);
render(<Gallery model={model} />, document.getElementById('app')!);
model.watch();
void model.load();
