import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { createShareOffers, type ShareOffersDeps } from '../../lib/share/offers';
import { shareUrl } from '../../lib/share/codec';
import { DEFAULT_DETECTION, type Site } from '../../lib/config/schema';
import type { ShareLink } from '../../lib/share/limits';

const site = (id: string, host: string): Site => ({
  id, name: id === 'shop' ? 'Shop' : 'Blog', hosts: [host],
  catalogue: { provider: 'flags-file', url: `https://${host}/flags.json` },
  transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' } }, expiryMinutes: 60, detection: DEFAULT_DETECTION,
});
const PAGE = 'https://shop.example.com/checkout';
const linkTo = (values: ShareLink['values'], extra: Partial<ShareLink> = {}, page = PAGE) => {
  const made = shareUrl(page, { v: 1, site: 'shop', values, ...extra });
  if (!made.ok) throw new Error(made.reason);
  return made.url;
};

function world() {
  const applied: { tabId: number; siteId: string; values: Record<string, unknown> }[] = [];
  const urls = new Map<number, string>();
  const deps: ShareOffersDeps = {
    session: fakeBrowser.storage.session,
    sites: async () => [site('shop', 'shop.example.com'), site('blog', 'blog.example.com')],
    knownKeys: async (s) => (s.id === 'shop' ? new Set(['new-checkout', 'hero-banner']) : undefined),
    tabUrl: async (tabId) => urls.get(tabId),
    async setOverrides(tabId, siteId, values) { applied.push({ tabId, siteId, values: { ...values } }); },
  };
  return { offers: createShareOffers(deps), applied, urls, restart: () => createShareOffers(deps) };
}

/** A tab's top frame loads `url` (webNavigation.onCommitted) and the browser reports it there. */
async function open(w: ReturnType<typeof world>, tabId: number, url: string) {
  w.urls.set(tabId, url);
  await w.offers.documentCommitted(tabId, url);
}

describe('share offers (background)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('offers exactly the link\'s flags in the tab that opened it, and applies nothing until Apply', async () => {
    const w = world();
    const url = linkTo({ 'new-checkout': true, 'hero-banner': 'b' }, { name: 'New checkout, banner B' });
    await open(w, 7, url);
    const offer = await w.offers.offer(7);
    expect(offer).toMatchObject({ status: 'ready', name: 'New checkout, banner B', siteName: 'Shop', catalogueRead: true });
    expect(offer?.status === 'ready' && offer.entries).toEqual([{ key: 'hero-banner', value: 'b', known: true }, { key: 'new-checkout', value: true, known: true }]);
    expect(await w.offers.offer(8)).toBeUndefined();
    expect(w.applied).toEqual([]);

    expect(await w.offers.apply(7, offer!.fragment, false)).toEqual({ applied: ['hero-banner', 'new-checkout'] });
    expect(w.applied).toEqual([{ tabId: 7, siteId: 'shop', values: { 'new-checkout': true, 'hero-banner': 'b' } }]);
    // Answered: gone, and not offered again when the same link loads again (a reload), even after a restart.
    expect(await w.offers.offer(7)).toBeUndefined();
    await w.restart().documentCommitted(7, url);
    expect(await w.restart().offer(7)).toBeUndefined();
  });

  it('applies unknown flags only when the person ticked them too', async () => {
    const w = world();
    await open(w, 1, linkTo({ 'new-checkout': true, 'mystery': 1 }));
    const offer = await w.offers.offer(1);
    expect(offer?.status === 'ready' && offer.entries.map((e) => [e.key, e.known])).toEqual([['mystery', false], ['new-checkout', true]]);
    await w.offers.apply(1, offer!.fragment, false);
    expect(w.applied[0]!.values).toEqual({ 'new-checkout': true });

    await open(w, 2, linkTo({ 'new-checkout': true, 'mystery': 1 }, { name: 'other' }));
    const second = await w.offers.offer(2);
    await w.offers.apply(2, second!.fragment, true);
    expect(w.applied[1]!.values).toEqual({ 'new-checkout': true, 'mystery': 1 });
  });

  it('says plainly when the site is not set up, the link is for another site, or it is broken; none can be applied', async () => {
    const w = world();
    await open(w, 1, linkTo({ a: true }, {}, 'https://unknown.example.com/'));
    expect(await w.offers.offer(1)).toMatchObject({ status: 'not-set-up', linkSite: 'shop', host: 'unknown.example.com' });
    await open(w, 2, linkTo({ a: true }, {}, 'https://blog.example.com/'));
    expect(await w.offers.offer(2)).toMatchObject({ status: 'other-site', linkSite: 'shop', siteName: 'Blog' });
    await open(w, 3, `${PAGE}#flagtab=garbage!`);
    expect(await w.offers.offer(3)).toMatchObject({ status: 'invalid', reason: expect.stringContaining('cannot be used') });
    for (const tabId of [1, 2, 3]) {
      const offer = await w.offers.offer(tabId);
      await expect(w.offers.apply(tabId, offer!.fragment, true)).rejects.toThrow('cannot be applied');
    }
    expect(w.applied).toEqual([]);
  });

  it('refuses an Apply for a link the tab no longer offers (the page moved on meanwhile)', async () => {
    const w = world();
    await open(w, 1, linkTo({ 'new-checkout': true }));
    const shown = await w.offers.offer(1);
    await open(w, 1, linkTo({ 'new-checkout': false, 'hero-banner': 'evil' }));
    await expect(w.offers.apply(1, shown!.fragment, true)).rejects.toThrow('moved on');
    // A new document without a link clears the offer of the page before.
    await open(w, 1, PAGE);
    expect(await w.offers.offer(1)).toBeUndefined();
    expect(w.applied).toEqual([]);
  });

  it('refuses when the tab left the link\'s site before the click', async () => {
    const w = world();
    await open(w, 1, linkTo({ 'new-checkout': true }));
    const shown = await w.offers.offer(1);
    w.urls.set(1, 'https://blog.example.com/');
    await expect(w.offers.apply(1, shown!.fragment, true)).rejects.toThrow('no longer on');
  });

  it('Dismiss forgets the offer for that link in that tab only; a closed tab forgets all', async () => {
    const w = world();
    const url = linkTo({ 'new-checkout': true });
    await open(w, 1, url);
    await open(w, 2, url);
    await w.offers.dismiss(1, (await w.offers.offer(1))!.fragment);
    await w.offers.documentCommitted(1, url);
    expect(await w.offers.offer(1)).toBeUndefined();
    expect(await w.offers.offer(2)).toMatchObject({ status: 'ready' });
    await w.offers.tabClosed(2);
    expect(await w.offers.offer(2)).toBeUndefined();
  });

  it('keeps neither a huge address nor anything for the many loads without a link', async () => {
    const w = world();
    await open(w, 1, PAGE);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    await open(w, 1, `${PAGE}?q=${'x'.repeat(3_000_000)}#flagtab=${'A'.repeat(2_000_000)}`);
    const offer = await w.offers.offer(1);
    expect(offer).toMatchObject({ status: 'invalid', reason: expect.stringContaining('characters long') });
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null)).length).toBeLessThan(20_000);
    await w.offers.dismiss(1, offer!.fragment);
    expect(await w.offers.offer(1)).toBeUndefined();
  });
});

describe('share offers on a host with no site (read when the popup asks)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('says the link\'s site is not set up here, stores nothing, and offers nothing once dismissed in that tab', async () => {
    const w = world();
    const url = linkTo({ 'new-checkout': true }, {}, 'https://elsewhere.example.org/');
    expect(await w.offers.offerAt(4, url)).toMatchObject({ status: 'not-set-up', linkSite: 'shop', host: 'elsewhere.example.org' });
    expect(await w.offers.offer(4)).toBeUndefined();
    const offered = await w.offers.offerAt(4, url);
    await w.offers.dismiss(4, offered!.fragment);
    expect(await w.offers.offerAt(4, url)).toBeUndefined();
    expect(await w.offers.offerAt(5, url)).toMatchObject({ status: 'not-set-up' });
    expect(await w.offers.offerAt(4, 'https://elsewhere.example.org/#other')).toBeUndefined();
    expect(w.applied).toEqual([]);
  });
});
