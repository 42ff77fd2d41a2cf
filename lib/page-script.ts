import type { Browser, Runtime } from 'webextension-polyfill';

/** What a content script's logic offers its entrypoint (lib/detect/content, lib/overrides/page). */
export interface PageScript {
  start(): unknown;
  stop(): void;
  receive(message: unknown): void;
}

/**
 * Runs a content script's logic: it hears only Flagtab's background (not another extension,
 * not a tab), and stops when WXT invalidates the script (the extension reloaded or updated).
 *
 * @example runPageScript(browser, ctx, createChildScript({ ... }));
 */
export function runPageScript(browser: Browser, ctx: { onInvalidated(cb: () => void): unknown }, script: PageScript): void {
  const onMessage = (message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id === browser.runtime.id && !sender.tab) script.receive(message);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onMessage);
    script.stop();
  });
  void script.start();
}
