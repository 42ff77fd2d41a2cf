import type { Browser } from 'webextension-polyfill';
import type { Site } from '../config/schema';
import { findSiteForUrl } from '../config/hosts';
import type { CatalogueView } from '../catalogue/view';
import type { OverrideEngine } from '../overrides/engine';
import { addressWithoutOverrides } from '../transports/registry';
import { shareUrl } from '../share/codec';
import { createShareOffers } from '../share/offers';
import type { ShareLinkResult } from '../share/view';
import type { Handlers } from '../messaging/router';

/** The badge and title of a tab whose share link waits for Apply or Dismiss. */
export const SHARE_BADGE = 'link';
export const SHARE_TITLE = 'Flagtab: this tab was opened with a share link. Open Flagtab to see what it would set.';

export interface ShareDeps {
  sites(): Promise<Site[]>;
  engine: Pick<OverrideEngine, 'getTab' | 'setValues' | 'refreshBadge'>;
  catalogueOf(site: Site): Promise<CatalogueView>;
}

/**
 * Share links (lib/share): "Copy share link" in the popup, and the offer a tab opened on one
 * shows. Offers are heard from webNavigation.onCommitted in the top frame only (navigation.ts); fragments a page
 * sets itself (onReferenceFragmentUpdated, onHistoryStateUpdated) are not listened to on purpose.
 */
export function registerShare(browser: Browser, deps: ShareDeps) {
  const tabUrl = async (tabId: number) => (await browser.tabs.get(tabId).catch(() => undefined))?.url;
  const offers = createShareOffers({
    session: browser.storage.session,
    sites: deps.sites,
    tabUrl,
    setOverrides: (tabId, siteId, values) => deps.engine.setValues(tabId, siteId, values),
    async knownKeys(site) {
      // A catalogue that failed to load lists nothing: no flag is called known on its word.
      const view = await deps.catalogueOf(site).catch((error: unknown) => {
        console.warn('Flagtab: could not read the catalogue to check a share link', error);
        return undefined;
      });
      return view && !(view.error && view.flags.length === 0) ? new Set(view.flags.map((f) => f.key)) : undefined;
    },
  });


  /**
   * A link on a host with no site, whose load Flagtab did not hear (it listens to its sites'
   * pages only): read from the address the tab's document was loaded with, its navigation entry,
   * read in Flagtab's isolated world where the page cannot change it (location.hash and
   * pushState leave it as it was). Needs access to the tab: the toolbar click's activeTab.
   */
  async function offerOnHostWithoutSite(tabId: number) {
    const url = await tabUrl(tabId);
    if (!url || !/^https?:/i.test(url) || findSiteForUrl(await deps.sites(), url)) return undefined;
    const [frame] = await browser.scripting.executeScript({
      target: { tabId, frameIds: [0] },
      func: () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.name,
    }).catch(() => []);
    return typeof frame?.result === 'string' ? offers.offerAt(tabId, frame.result) : undefined;
  }

  /** The link for the tab's page and its overrides on its site; never the query transport's parameter (it may carry a signed token). */
  async function makeLink(tabId: number, name: string | undefined): Promise<ShareLinkResult> {
    const url = await tabUrl(tabId);
    const site = findSiteForUrl(await deps.sites(), url);
    if (!url || !site) return { ok: false, message: 'This tab is not on a configured site: there is nothing to share.' };
    const values = (await deps.engine.getTab(tabId))[site.id]?.values ?? {};
    const page = addressWithoutOverrides(site.transports, url) ?? url;
    const made = shareUrl(page, { v: 1, site: site.id, ...(name ? { name } : {}), values });
    return made.ok ? { ok: true, url: made.url, count: Object.keys(values).length } : { ok: false, message: made.reason };
  }

  const handlers: Pick<Handlers, 'share/link' | 'share/offer' | 'share/apply' | 'share/dismiss'> = {
    'share/link': ({ tabId, name }) => makeLink(tabId, name),
    'share/offer': async ({ tabId }) => ({ offer: (await offers.offer(tabId)) ?? (await offerOnHostWithoutSite(tabId)) ?? null }),
    'share/apply': async ({ tabId, fragment, withUnknown }) => {
      const answer = await offers.apply(tabId, fragment, withUnknown);
      await deps.engine.refreshBadge(tabId);
      return answer;
    },
    'share/dismiss': async ({ tabId, fragment }) => {
      await offers.dismiss(tabId, fragment);
      await deps.engine.refreshBadge(tabId);
      return { dismissed: true as const };
    },
  };
  return {
    handlers,
    /** A tab's top frame committed a document (navigation.ts hears it): a share link in its address is offered. */
    documentCommitted: (tabId: number, url: string) => offers.documentCommitted(tabId, url),
    offered: offers.offered, tabClosed: (tabId: number) => offers.tabClosed(tabId), prune: offers.prune };
}
