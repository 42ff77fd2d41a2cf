import { OPEN_CHANNEL, onHosts, type FromOpenHook } from './channel';

type PageWindow = Window & typeof globalThis;

/** Children the page opened and still holds, by id, until the content script answers. */
const HELD_MS = 30_000;

/**
 * Runs in the page's own world at document_start, before any page script. When this tab is
 * under test (the content script says `armed`), `window.open(url)` for a page of the site opens
 * the child on about:blank — synchronously, so the page gets its WindowProxy as usual (or null
 * for noopener) — and asks Flagtab to navigate it to `url` once the child's own rule is in: a
 * child's first request leaves at once, and a sleeping service worker needs ~0.4 s to wake.
 * Everything else goes to the browser's own window.open untouched. Never throws into the page.
 *
 * @example hookWindowOpen(window) // entrypoints/open.content.ts
 */
export function hookWindowOpen(win: PageWindow): void {
  const open = win.open;
  const postMessage = win.postMessage.bind(win);
  const setTimeout = win.setTimeout.bind(win);
  let armed = false;
  let hosts: string[] = [];
  let nextId = 1;
  const held = new Map<number, { child: Window; url: string }>();

  win.addEventListener('message', (event) => {
    try {
      if (event.source !== win) return;
      const m = event.data as { channel?: unknown; type?: unknown; armed?: unknown; hosts?: unknown; id?: unknown } | null;
      if (typeof m !== 'object' || m === null || m.channel !== OPEN_CHANNEL) return;
      if (m.type === 'armed' && typeof m.armed === 'boolean' && Array.isArray(m.hosts)) {
        armed = m.armed;
        hosts = m.hosts.filter((h): h is string => typeof h === 'string');
      } else if (m.type === 'navigate-yourself' && typeof m.id === 'number') {
        const h = held.get(m.id);
        held.delete(m.id);
        if (h) h.child.location.href = h.url;
      }
    } catch {
      // a page that broke something we rely on gets plain window.open behaviour
    }
  }, { capture: true });

  function hooked(this: unknown, url?: string | URL, target?: string, features?: string): Window | null {
    let absolute: string | undefined;
    try {
      const name = target ?? '';
      if (armed && url !== undefined && (name === '' || name.toLowerCase() === '_blank')) {
        const resolved = new URL(String(url), win.document.baseURI).href;
        if (onHosts(resolved, hosts)) absolute = resolved;
      }
    } catch {
      absolute = undefined;
    }
    if (absolute === undefined) return open.call(win, url, target, features);
    const child = open.call(win, 'about:blank', target, features);
    const id = nextId++;
    if (child) {
      held.set(id, { child, url: absolute });
      setTimeout(() => held.delete(id), HELD_MS);
    }
    const message: FromOpenHook = { channel: OPEN_CHANNEL, type: 'opened', id, url: absolute };
    postMessage(message, win.location.origin);
    return child;
  }

  try {
    // Same name, length and toString as far as pages commonly check.
    Object.defineProperty(hooked, 'name', { value: 'open' });
    win.open = hooked as typeof win.open;
  } catch {
    // window.open made read-only by something earlier: nothing to hook
  }
}
