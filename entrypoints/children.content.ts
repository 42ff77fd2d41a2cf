import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runPageScript } from '../lib/page-script';
import { createChildScript } from '../lib/overrides/page/links';
import type { ChildRequest } from '../lib/overrides/page/channel';

/**
 * Opens the site's new tabs through the background while this tab is under test, so their
 * first request carries the overrides (lib/overrides/page/links.ts). Registered at runtime on
 * the hosts of configured sites that detect nothing, top frame only (where a site detects,
 * detect.content.ts runs this part too, with one hello); it must not import zod, storage or secrets.
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
    runPageScript(browser.runtime, ctx, script);
  },
});
