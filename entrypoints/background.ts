import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { registerBackground } from '../lib/background/main';
import { CHROME_RESOURCE_TYPES, FIREFOX_RESOURCE_TYPES } from '../lib/overrides/rules';

export default defineBackground(() => {
  registerBackground(browser, { resourceTypes: import.meta.env.FIREFOX ? FIREFOX_RESOURCE_TYPES : CHROME_RESOURCE_TYPES });
});
