import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { work } from '../lib/background/work';

/**
 * The background's work script: what only some events need (lib/background/work.ts), loaded by
 * the background on first need (lib/background/load-work.ts). It only publishes the factories;
 * it registers no listener, so loading it changes nothing until the background uses them.
 */
export default defineUnlistedScript(() => {
  globalThis.flagtabWork = work;
});
