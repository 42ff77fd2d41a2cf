import type { ExtensionBrowser } from '../../../demo/browser/extension';

/** The session rules Chrome has installed now. */
export async function sessionRules(ext: ExtensionBrowser): Promise<chrome.declarativeNetRequest.Rule[]> {
  const sw = await ext.worker();
  return sw.evaluate(() => chrome.declarativeNetRequest.getSessionRules());
}
