import { describe, expect, it } from 'vitest';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite, eventually } from '../../demo/browser/flagtab';
import { watchWorkerStarts } from '../../demo/browser/worker-starts';
import { shareUrl } from '../../lib/share/codec';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();

/**
 * What wakes Flagtab's stopped service worker (lib/background/navigation.ts): a page Flagtab has
 * nothing to do with must cost it nothing, while its sites' pages, and every page of a tab
 * that holds overrides, are still heard by a worker Chrome has stopped.
 */
describe('service worker wakes', () => {
  it('a page on a host with no site (granted or not) does not wake the stopped worker; a site\'s page does and is heard; a tab holding overrides is heard anywhere; only closing a tab that held something wakes it', async () => {
    const site = demoSite(env.demo.siteOrigin);
    await configure(env.ext, [site]);
    const unconfigured = `http://127.0.0.1:${env.demo.port}/`;
    const watch = await watchWorkerStarts(env.ext);
    const badge = async (tabId: number) => (await env.ext.worker()).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    try {
      const tab = await env.ext.context.newPage();
      const plain = await env.ext.context.newPage();
      await plain.goto(unconfigured);
      for (let n = 0; n < 3; n++) expect(await watch.loadWakes(tab, `${unconfigured}?n=${n}`), `unconfigured load ${n}`).toBe(false);
      // A host Flagtab may access but has no site for (this build is granted every *.localhost;
      // a real install keeps a removed site's, a catalogue's and a tracker's hosts).
      for (let n = 0; n < 3; n++) expect(await watch.loadWakes(tab, `http://granted.localhost:${env.demo.port}/?n=${n}`), `granted-host load ${n}`).toBe(false);

      // A share link opened on the site while the worker sleeps: the load wakes it and the
      // woken worker hears the document (the tab offers the link).
      const link = shareUrl(`${env.demo.siteOrigin}/`, { v: 1, site: site.id, values: { 'new-checkout': true } });
      if (!link.ok) throw new Error(link.reason);
      expect(await watch.loadWakes(tab, link.url)).toBe(true);
      const tabId = await tabIdOf(env.ext, tab);
      await eventually(() => badge(tabId), (text) => expect(text).toBe('link'));

      // A tab with an override goes to a host with no site: Chrome clears the tab's badge on a
      // new document, and the worker it woke puts the count back.
      const overridden = await env.ext.context.newPage();
      await overridden.goto(env.demo.siteOrigin);
      const overriddenId = await tabIdOf(env.ext, overridden);
      const popup = await PopupPage.open(env.ext, overriddenId);
      await popup.setSwitch('new-checkout', true);
      await popup.page.close();
      await overridden.reload(); // loaded with the override: no "loaded without" warning
      await eventually(() => badge(overriddenId), (text) => expect(text).toBe('1'));
      expect(await watch.loadWakes(overridden, unconfigured)).toBe(true);
      await eventually(() => badge(overriddenId), (text) => expect(text).toBe('1'));
      // Closing a tab that holds nothing costs nothing; closing the overridden one is heard,
      // and its rule goes with it (a session rule outlives its tab otherwise).
      await tab.close(); // it offers the share link: followed, like a tab with overrides
      expect(await watch.wakes(() => overridden.close()), 'closing the overridden tab').toBe(true);
      await eventually(
        async () => (await env.ext.worker()).evaluate(async (id) => (await chrome.declarativeNetRequest.getSessionRules()).filter((rule) => rule.condition.tabIds?.includes(id)).length, overriddenId),
        (left) => expect(left).toBe(0),
      );
      expect(await watch.wakes(() => plain.close()), 'closing a tab when no tab holds anything').toBe(false);
    } finally {
      await watch.close();
    }
  });
});
