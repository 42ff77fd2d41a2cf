import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { registerBackground } from '../lib/background/main';
import { eventPageWorkLoader, serviceWorkerWorkLoader, type WorkerScope } from '../lib/background/load-work';
import { CHROME_RESOURCE_TYPES, FIREFOX_RESOURCE_TYPES } from '../lib/overrides/rules';

export default defineBackground(() => {
  // Chrome's background is a service worker (importScripts); Firefox's an event page (a document).
  const loadWork = import.meta.env.FIREFOX ? eventPageWorkLoader(document) : serviceWorkerWorkLoader(self as unknown as WorkerScope);
  registerBackground(browser, { resourceTypes: import.meta.env.FIREFOX ? FIREFOX_RESOURCE_TYPES : CHROME_RESOURCE_TYPES, loadWork });
});
