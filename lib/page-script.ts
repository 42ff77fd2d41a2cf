/** What a content script's logic offers its entrypoint (lib/detect/content, lib/overrides/page). */
export interface PageScript {
  start(): unknown;
  stop(): void;
  receive(message: unknown): void;
}

/**
 * The part of the extension API a content script uses: `chrome.runtime` in Chrome and
 * `browser.runtime` in Firefox, both promise-based in Manifest V3 (`wxt/browser` picks one).
 * Not webextension-polyfill: it is 10 KB parsed and run on every load of a configured site
 * (in its one isolated-world script: detect.js, or children.js where the site detects nothing),
 * for nothing Manifest V3 lacks.
 */
export interface PageRuntime {
  readonly id: string;
  onMessage: {
    addListener(listener: (message: unknown, sender: { id?: string; tab?: unknown }) => void): void;
    removeListener(listener: (message: unknown, sender: { id?: string; tab?: unknown }) => void): void;
  };
}

/**
 * Runs a content script's logic: it hears only Flagtab's background (not another extension,
 * not a tab), and stops when WXT invalidates the script (the extension reloaded or updated).
 *
 * @example runPageScript(browser.runtime, ctx, createChildScript({ ... }));
 */
export function runPageScript(runtime: PageRuntime, ctx: { onInvalidated(cb: () => void): unknown }, script: PageScript): void {
  const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id === runtime.id && !sender.tab) script.receive(message);
  };
  runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    runtime.onMessage.removeListener(onMessage);
    script.stop();
  });
  void script.start();
}
