/**
 * Messages between the window.open hook (MAIN world, lib/overrides/page/window-open.ts) and the
 * child-tab content script (isolated world, lib/overrides/page/links.ts), and between that
 * script and the background. The page can read and forge every window message: the worst a
 * forged one does is navigate a child this tab opened itself to a page of its own site, with
 * this tab's own overrides (the background checks both) — what the page could do anyway.
 */
export const OPEN_CHANNEL = 'flagtab:open';

/** Content script → hook: whether this tab's new tabs must wait for their overrides. */
export type ToOpenHook =
  | { channel: typeof OPEN_CHANNEL; type: 'armed'; armed: boolean; hosts: string[] }
  /** The background could not take the child over: the hook navigates it itself. */
  | { channel: typeof OPEN_CHANNEL; type: 'navigate-yourself'; id: number };

/** Hook → content script: the page called window.open(url); the child waits on about:blank. */
export type FromOpenHook = { channel: typeof OPEN_CHANNEL; type: 'opened'; id: number; url: string };

/** Content script → background (`runtime.sendMessage`); the tab is the sender's, never the data's. */
export type ChildRequest =
  | { type: 'child/hello'; data: Record<string, never> }
  /** Open `url` in a new tab whose overrides are in place before its first request. */
  | { type: 'child/open'; data: { url: string; active: boolean } }
  /** The page's window.open child (waiting on about:blank) should go to `url` once it is under test. */
  | { type: 'child/window'; data: { url: string } };

/** The background's answers. */
export interface ChildHello {
  armed: boolean;
  hosts: string[];
}

/** Background → content script (`tabs.sendMessage`), when the tab's overrides change. */
export type ToChildScript = { type: 'flagtab/children'; armed: boolean; hosts: string[] };

/**
 * Whether `url` is http(s) on one of `hosts` (exact hosts, or "*.example.com" for the domain and
 * its subdomains): only such tabs can inherit, so only they are worth holding back. A copy of
 * lib/config/hosts' rule, because that module pulls in zod and this one runs in every page.
 *
 * @example onHosts('https://shop.example.com/x', ['*.example.com']) // true
 */
export function onHosts(url: string, hosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  return hosts.some((p) => (p.startsWith('*.') ? host === p.slice(2) || host.endsWith(`.${p.slice(2)}`) : host === p));
}
