import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runPageScript } from '../lib/page-script';
import { createContentScript } from '../lib/detect/content/relay';
import { createChildScript } from '../lib/overrides/page/links';
import type { PageEnvelope } from '../lib/detect/page-protocol';
import type { ChildRequest } from '../lib/overrides/page/channel';

/**
 * Reads what the page says about its flags and relays the page bridge's SDK evaluations to the
 * background (lib/detect/content/relay.ts), and opens the site's new tabs through the background
 * while this tab is under test (lib/overrides/page/links.ts). Registered at runtime by the
 * background, only for configured sites that detect, top frame only (children.content.ts runs
 * the child-tab part alone elsewhere). One script, one message listener and one hello for both
 * parts: each isolated-world script cost a load about 2.5 ms (bench/README.md). It must not
 * import zod, storage or secrets (it runs on every load of the site).
 */
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  runAt: 'document_start',
  main(ctx) {
    const send = (message: PageEnvelope | ChildRequest) => browser.runtime.sendMessage(message);
    const onError = (error: unknown) => console.warn('Flagtab:', error);
    const children = createChildScript({ send, win: window, doc: document, onError });
    let sharing: ReturnType<typeof children.startShared> | undefined;
    const detect = createContentScript({
      send, win: window, doc: document, onError,
      now: () => performance.now(),
      onHello: (hello) => sharing?.answer(hello?.children),
    });
    runPageScript(browser.runtime, ctx, {
      start() {
        sharing = children.startShared();
        return detect.start();
      },
      receive(message) {
        children.receive(message);
        detect.receive(message);
      },
      stop() {
        children.stop();
        detect.stop();
      },
    });
  },
});
