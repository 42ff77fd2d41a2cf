import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runPageScript } from '../lib/page-script';
import { createContentScript } from '../lib/detect/content/relay';
import type { PageEnvelope } from '../lib/detect/page-protocol';

/**
 * Reads what the page says about its flags and relays the page bridge's SDK evaluations to the
 * background (lib/detect/content/relay.ts). Registered at runtime by the background, only for
 * configured sites, top frame only; it must not import zod, storage or secrets (it runs on every
 * load of the site).
 */
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  runAt: 'document_start',
  main(ctx) {
    const script = createContentScript({
      send: (message: PageEnvelope) => browser.runtime.sendMessage(message),
      win: window,
      doc: document,
      now: () => performance.now(),
      onError: (error) => console.warn('Flagtab:', error),
    });
    runPageScript(browser.runtime, ctx, script);
  },
});
