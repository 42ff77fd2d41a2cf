import { z } from '../zod';
import type { Site } from '../config/schema';
import { findSiteForUrl } from '../config/hosts';
import { DictSchema } from '../dict-schema';
import { lazySchema } from '../lazy-schema';
import type { Dict } from '../dict';
import type { JsonValue } from '../json-value';
import { createSerialQueue } from '../serial';
import { STORED } from '../storage/keys';
import { readShareLink } from './codec';
import { MAX_PAYLOAD_CHARS, SHARE_PARAM } from './limits';
import { describeOffer } from './offer';
import type { ShareOfferView } from './view';

/**
 * Share links arriving in tabs. An offer is made only when a tab's top frame loads a document
 * whose address carries a share fragment (webNavigation.onCommitted, as the browser saw it — never
 * a page's or a content script's word). A fragment set inside a loaded page (location.hash,
 * history.pushState: onReferenceFragmentUpdated / onHistoryStateUpdated) makes no offer: the
 * page wrote it, not the person (docs/scenarios.md, "Share links"). Nothing applies without
 * `apply`, which only Flagtab's own pages can ask for, with the link they showed.
 */
const KEY = STORED.shareOffers.key;
/** Links answered (applied or dismissed) per tab, newest last; older ones may be offered again. */
const MAX_HANDLED = 20;

/** Longer addresses are not kept: a page could send itself to megabytes of address on every load. */
const MAX_KEPT_URL = MAX_PAYLOAD_CHARS + 4_096;

/** Built on first use (lib/lazy-schema.ts): a wake that reads no offer builds none. */
const TabOffersSchema = lazySchema(() => z.object({
  /** `reason`: the link cannot be used, and why (its address is then kept without the fragment). */
  pending: z.optional(z.object({ fragment: z.string(), url: z.string().check(z.maxLength(MAX_KEPT_URL)), reason: z.optional(z.string()) })),
  handled: z.array(z.string()).check(z.maxLength(MAX_HANDLED)),
}));
type TabOffers = z.infer<ReturnType<typeof TabOffersSchema>>;
const OffersSchema = lazySchema(() => DictSchema(TabOffersSchema()));

export interface ShareOffersDeps {
  session: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  sites(): Promise<Site[]>;
  /** The flag keys of the site's catalogue; undefined when it cannot be read. */
  knownKeys(site: Site): Promise<ReadonlySet<string> | undefined>;
  /** The tab's address now, as the browser reports it (undefined: closed or not visible). */
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Sets these overrides in the tab, in one change. */
  setOverrides(tabId: number, siteId: string, values: Dict<JsonValue>): Promise<unknown>;
}

export function createShareOffers(deps: ShareOffersDeps) {
  const serial = createSerialQueue();

  async function read(): Promise<Dict<TabOffers>> {
    const parsed = OffersSchema().safeParse((await deps.session.get(KEY))[KEY] ?? {});
    // A stored document of another shape (an older build's) holds nothing worth keeping.
    return parsed.success ? parsed.data : Object.create(null) as Dict<TabOffers>;
  }
  const change = (edit: (all: Dict<TabOffers>) => void) => serial(async () => {
    const all = await read();
    edit(all);
    await deps.session.set({ [KEY]: all });
  });

  async function view(tabId: number): Promise<ShareOfferView | undefined> {
    const pending = (await read())[String(tabId)]?.pending;
    if (!pending) return undefined;
    if (pending.reason !== undefined) return { status: 'invalid', fragment: pending.fragment, reason: pending.reason };
    const link = readShareLink(pending.url);
    if (link.kind === 'none') return undefined;
    const sites = await deps.sites();
    const site = link.kind === 'link' ? findSiteForUrl(sites, pending.url) : undefined;
    const known = site && site.id === (link.kind === 'link' ? link.link.site : undefined) ? await deps.knownKeys(site) : undefined;
    return describeOffer(link, pending.url, sites, known);
  }

  /** Apply or Dismiss: the offer goes, and this link is not offered again in this tab. */
  const answered = (tabId: number, fragment: string) => change((all) => {
    const tab = all[String(tabId)] ?? { handled: [] };
    if (tab.pending?.fragment === fragment) delete tab.pending;
    tab.handled = [...tab.handled.filter((f) => f !== fragment), fragment].slice(-MAX_HANDLED);
    all[String(tabId)] = tab;
  });

  return {
    /**
     * The tab's top frame committed a new document at `url`: its share link, if any, waits for
     * the person; any earlier offer belonged to the page before and goes. A link already
     * answered in this tab is not offered again (a reload after Apply).
     */
    async documentCommitted(tabId: number, url: string) {
      const hash = url.indexOf('#');
      const link = url.length > MAX_KEPT_URL && hash >= 0 && url.startsWith(`${SHARE_PARAM}=`, hash + 1)
        ? { kind: 'invalid' as const, fragment: '', reason: `This address is ${url.length} characters long; Flagtab reads share links in addresses up to ${MAX_KEPT_URL}.` }
        : readShareLink(url);
      // Most loads carry no link and follow none: they write nothing.
      if (link.kind === 'none' && !(await read())[String(tabId)]?.pending) return;
      await change((all) => {
        const tab = all[String(tabId)] ?? { handled: [] };
        delete tab.pending;
        if (link.kind !== 'none' && !tab.handled.includes(link.fragment)) {
          const page = url.split('#')[0]!.slice(0, MAX_KEPT_URL);
          tab.pending = link.kind === 'link' ? { fragment: link.fragment, url } : { fragment: link.fragment, url: page, reason: link.reason };
        }
        if (tab.pending || tab.handled.length) all[String(tabId)] = tab;
        else delete all[String(tabId)];
      });
    },

    /** Whether a link waits for an answer in this tab (the badge asks on every change). */
    offered: async (tabId: number) => (await read())[String(tabId)]?.pending !== undefined,

    /** What the popup offers in this tab, if anything. */
    offer: (tabId: number) => view(tabId),

    /**
     * The person clicked Apply on the offer for `fragment`. Sets the link's known flags, and its
     * unknown ones only when `withUnknown` (she ticked them too). Refused when the tab has moved on.
     */
    async apply(tabId: number, fragment: string, withUnknown: boolean): Promise<{ applied: string[] }> {
      const offer = await view(tabId);
      if (offer?.fragment !== fragment) throw new Error('This tab has moved on from that share link: open Flagtab again to see what it offers now.');
      if (offer.status !== 'ready') throw new Error('This share link cannot be applied here.');
      const url = await deps.tabUrl(tabId);
      const site = findSiteForUrl(await deps.sites(), url);
      if (site?.id !== offer.siteId) throw new Error('This tab is no longer on the link\'s site: open Flagtab again.');
      const values = Object.create(null) as Dict<JsonValue>;
      for (const entry of offer.entries) if (entry.known || withUnknown) values[entry.key] = entry.value;
      const applied = Object.keys(values);
      if (applied.length === 0) throw new Error('Nothing to apply: the site\'s catalogue lists none of these flags. Tick "Also apply" to set them anyway.');
      await deps.setOverrides(tabId, site.id, values);
      await answered(tabId, fragment);
      return { applied };
    },

    /**
     * What a document Flagtab did not hear load offers: it listens to its sites' pages only
     * (lib/background/navigation.ts), so a link opened on a host with no site is read when the
     * popup asks, from `loadedUrl`, the address the document was loaded with (never the address
     * a page may have rewritten since). Nothing is stored; a link answered in this tab is not offered.
     */
    async offerAt(tabId: number, loadedUrl: string): Promise<ShareOfferView | undefined> {
      const link = loadedUrl.length > MAX_KEPT_URL ? { kind: 'none' as const } : readShareLink(loadedUrl);
      if (link.kind === 'none' || (await read())[String(tabId)]?.handled.includes(link.fragment)) return undefined;
      return describeOffer(link, loadedUrl, await deps.sites(), undefined);
    },

    /** Dismiss: the offer goes, and this link is not offered again in this tab. */
    dismiss: (tabId: number, fragment: string) => answered(tabId, fragment),

    tabClosed: (tabId: number) => change((all) => { delete all[String(tabId)]; }),

    /** After a restart: forget the tabs that closed meanwhile. */
    prune: (openTabIds: readonly number[]) => change((all) => {
      for (const id of Object.keys(all)) if (!openTabIds.includes(Number(id))) delete all[id];
    }),
  };
}

export type ShareOffers = ReturnType<typeof createShareOffers>;
