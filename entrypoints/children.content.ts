import browser, { type Runtime } from 'webextension-polyfill';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createChildScript } from '../lib/overrides/page/links';
import type { ChildRequest } from '../lib/overrides/page/channel';

/**
 * Opens the site's new tabs through the background while this tab is under test, so their
 * first request carries the overrides (lib/overrides/page/links.ts). Registered at runtime for
 * every configured site's hosts, top frame only; it must not import zod, storage or secrets.
 */
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  runAt: 'document_start',
  main(ctx) {
    const script = createChildScript({
      send: (message: ChildRequest) => browser.runtime.sendMessage(message),
      win: window,
      doc: document,
      onError: (error) => console.warn('Flagtab:', error),
    });
    // Only Flagtab's background may command this script: not another extension, not a tab.
    const onMessage = (message: unknown, sender: Runtime.MessageSender) => {
      if (sender.id === browser.runtime.id && !sender.tab) script.receive(message);
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(onMessage);
      script.stop();
    });
    void script.start();
  },
});
