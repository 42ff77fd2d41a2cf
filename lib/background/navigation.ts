import type { Browser, Events, WebNavigation, WebRequest } from 'webextension-polyfill';
import type { Site } from '../config/schema';
import { baseOf, hostPatternToOrigins } from '../config/hosts';

type Committed = WebNavigation.OnCommittedDetailsType;
type CreatedTarget = WebNavigation.OnCreatedNavigationTargetDetailsType;

/**
 * webNavigation URL filters for the pages of the sites' hosts: an exact host, or for "*.x" the
 * host x and every subdomain of it (as `coversHost` reads a pattern).
 */
export function hostFilters(sites: readonly Pick<Site, 'hosts'>[]): Events.UrlFilter[] {
  return sites.flatMap((site) => site.hosts.flatMap((pattern) => pattern.startsWith('*.')
    ? [{ hostEquals: baseOf(pattern) }, { hostSuffix: `.${baseOf(pattern)}` }]
    : [{ hostEquals: pattern }]));
}

/**
 * Whether some tab's state follows it to any page: its overrides (Chrome clears a tab's badge
 * and title on every new document, and the badge must come back wherever the tab goes; its
 * children inherit them) or a share link waiting for an answer (which a navigation anywhere
 * withdraws). Read loosely from storage.session: anything unexpected counts as yes.
 */
export function someTabFollowed(overrides: unknown, offers: unknown): boolean {
  const tabs = (value: unknown) => (value && typeof value === 'object' ? Object.values(value as object) : []);
  const hasValues = (group: unknown) => !group || typeof group !== 'object' || Object.keys((group as { values?: object }).values ?? {}).length > 0;
  return tabs(overrides).some((sites) => tabs(sites).some(hasValues))
    || tabs(offers).some((tab) => !tab || typeof tab !== 'object' || (tab as { pending?: unknown }).pending !== undefined);
}

export interface NavigationDeps {
  /** A tab's top frame committed a new document: on a configured site, or anywhere while some tab is followed. */
  committed(tabId: number, url: string): void;
  /** A page opened a new tab or window: heard only while some tab is followed (only tabs with overrides have children to care about). */
  createdTarget(details: CreatedTarget): void;
}

/**
 * The navigation events Flagtab listens to, and how widely. Chrome wakes a stopped worker for
 * any event it has a listener for, and keeps each listener's filter: listening to every tab's
 * navigations (tabs.onUpdated) woke it for every page loaded anywhere. So it listens only to
 * documents on the configured sites' hosts (a webNavigation URL filter), and to every tab and
 * every new window only while some tab is followed (`someTabFollowed`).
 *
 * A worker cannot read the configuration before its first turn ends, so at start it listens to
 * everything (the event that woke it is heard whatever it was) and `listen` narrows right after.
 * Measured in Chromium: the narrowed listeners wake the stopped worker for a configured host
 * and not for others (bench/wakes.ts).
 */
export function registerNavigation(browser: Browser, deps: NavigationDeps) {
  const nav = browser.webNavigation;
  const onCommitted = (d: Committed) => {
    if (d.frameId === 0) deps.committed(d.tabId, d.url);
  };
  const onCreatedTarget = (d: CreatedTarget) => deps.createdTarget(d);
  nav.onCommitted.addListener(onCommitted);
  nav.onCreatedNavigationTarget.addListener(onCreatedTarget);
  let scope = 'every tab';

  return {
    /** Listens to every tab while `everyTab`, else to the sites' hosts only (to nothing without sites). */
    listen(options: { everyTab: boolean; sites: readonly Site[] }) {
      const filters = options.everyTab ? undefined : hostFilters(options.sites);
      const next = filters ? JSON.stringify(filters) : 'every tab';
      if (next === scope) return;
      scope = next;
      nav.onCommitted.removeListener(onCommitted);
      // An empty list of URL filters would match every URL: no sites, no listener.
      if (!filters) nav.onCommitted.addListener(onCommitted);
      else if (filters.length > 0) nav.onCommitted.addListener(onCommitted, { url: filters });
      if (!options.everyTab) nav.onCreatedNavigationTarget.removeListener(onCreatedTarget);
      else if (!nav.onCreatedNavigationTarget.hasListener(onCreatedTarget)) nav.onCreatedNavigationTarget.addListener(onCreatedTarget);
    },
  };
}

type RequestFilterWithoutUrls = Omit<WebRequest.RequestFilter, 'urls'>;
interface RequestEvent<L> {
  addListener(listener: L, filter: WebRequest.RequestFilter, extraInfo?: string[]): void;
  removeListener(listener: L): void;
}

/**
 * The http(s) pages of the sites' hosts, as webRequest match patterns.
 *
 * @example siteUrlPatterns([{ hosts: ['*.acme.test'] }]) // ['http://*.acme.test/*', 'https://*.acme.test/*']
 */
export function siteUrlPatterns(sites: readonly Pick<Site, 'hosts'>[]): string[] {
  return sites.flatMap((site) => site.hosts.flatMap(hostPatternToOrigins));
}

/**
 * webRequest listeners heard for the sites' hosts only. Host access alone is not enough to keep
 * a page from waking the worker: a removed site's hosts stay granted, and so do its catalogue's
 * and tracker's (a Jira or a provider's dashboard the tester browses all day). Like `listen`
 * above: registered for every http(s) URL at start, narrowed by `scope` once the sites are known.
 */
export function createSiteRequests() {
  const scoped: ((urls: string[]) => void)[] = [];
  let current: string[] = ['http://*/*', 'https://*/*'];
  return {
    /** `extraInfo`: each option is tried in turn (Chrome wants "extraHeaders" to show Cookie; Firefox refuses the word). */
    add<L>(event: RequestEvent<L>, listener: L, filter: RequestFilterWithoutUrls, ...extraInfo: string[][]) {
      const register = (urls: string[]) => {
        for (const extra of extraInfo.length ? extraInfo : [undefined]) {
          try {
            event.addListener(listener, { ...filter, urls }, extra);
            return;
          } catch (error) {
            if (extra === extraInfo.at(-1)) throw error;
          }
        }
      };
      register(current);
      scoped.push((urls) => {
        event.removeListener(listener);
        // An empty list is refused: no sites, no listener.
        if (urls.length > 0) register(urls);
      });
    },
    /** Hears the requests of these sites' pages only. */
    scope(sites: readonly Pick<Site, 'hosts'>[]) {
      const urls = siteUrlPatterns(sites);
      if (JSON.stringify(urls) === JSON.stringify(current)) return;
      current = urls;
      for (const rescope of scoped) rescope(urls);
    },
  };
}

export type SiteRequests = ReturnType<typeof createSiteRequests>;
