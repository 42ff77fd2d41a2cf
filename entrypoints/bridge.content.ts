import { defineContentScript } from 'wxt/utils/define-content-script';
import { startBridge } from '../lib/detect/bridge';

/**
 * The page bridge: runs in the page's own JS world (MAIN) so it can see the page's flag SDKs.
 * Registered at runtime by the background only for configured sites (never by the manifest),
 * at document_start so it is in place before any page script. It can use no extension API;
 * it talks to detect.content.ts with window messages (lib/detect/channel.ts).
 */
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  // No `var bridge = …` in the page's global scope: a page may have its own `bridge`.
  globalName: false,
  main() {
    startBridge(window);
  },
});
