import { defineContentScript } from 'wxt/utils/define-content-script';
import { hookWindowOpen } from '../lib/overrides/page/window-open';

/**
 * Holds a `window.open` child on about:blank until its overrides are in place
 * (lib/overrides/page/window-open.ts). Runs in the page's own world, registered at runtime for
 * every configured site's hosts, before any page script. It can use no extension API.
 */
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  globalName: false,
  main() {
    hookWindowOpen(window);
  },
});
