// WXT's `browser`: Firefox's own, or MV3 Chrome's promise-based `chrome`. Not webextension-polyfill:
// its 9.7 KB ran on every worker wake and, in Chrome, put a Proxy before every call; the one thing it did
// that older Chromes lack, answering a message with a returned promise, is lib/messaging/answer.ts's job.
import { browser } from 'wxt/browser';
import type { Browser } from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { registerBackground } from '../lib/background/main';
import { eventPageWorkLoader, serviceWorkerWorkLoader, type WorkerScope } from '../lib/background/load-work';
import { CHROME_RESOURCE_TYPES, FIREFOX_RESOURCE_TYPES } from '../lib/overrides/rules';

export default defineBackground(() => {
  // Chrome's background is a service worker (importScripts); Firefox's an event page (a document).
  const loadWork = import.meta.env.FIREFOX ? eventPageWorkLoader(document) : serviceWorkerWorkLoader(self as unknown as WorkerScope);
  // A cast of types only: lib/background is typed with the polyfill's types (type-only imports,
  // erased at build); WXT's are @types/chrome's, which lack the Firefox-only extras and differ in
  // details (a badge text of null). The calls Flagtab makes return promises in both browsers.
  registerBackground(browser as unknown as Browser, { resourceTypes: import.meta.env.FIREFOX ? FIREFOX_RESOURCE_TYPES : CHROME_RESOURCE_TYPES, loadWork });
});
