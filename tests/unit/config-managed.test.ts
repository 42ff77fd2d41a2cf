import { fakeBrowser } from '@webext-core/fake-browser';
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createOptionsModel, type OptionsDeps } from '../../components/options/options-model';
import type { SiteInput } from '../../lib/config/schema';
import { CONFIG_STORAGE_KEY, createConfigStore } from '../../lib/config/store';
import { createSecretsStore } from '../../lib/secrets/store';
import { loadedOptionsParts } from './support/options-parts';

/**
 * Enterprise policy: the organisation's sites from storage.managed join the person's own, win
 * where they clash, cannot be edited away, and a broken policy costs the person nothing.
 * On fakeBrowser storage (local and managed).
 */

const flags = { provider: 'flags-file', url: 'https://flags.example.com/flags.json' } as const;
const own: SiteInput = { id: 'blog', name: 'Blog', hosts: ['blog.example.com'], catalogue: flags };
const ownShop: SiteInput = { id: 'shop', name: 'My shop', hosts: ['shop.example.com'], catalogue: flags };
const managedShop = { id: 'shop', name: 'Shop (company)', hosts: ['shop.example.com', 'api.example.com'], catalogue: flags };
const managedCdn = { id: 'cdn', name: 'CDN', hosts: ['*.cdn.example.com'], catalogue: flags };

const store = () => createConfigStore(fakeBrowser.storage.local, { managed: fakeBrowser.storage.managed });
/** The administrator sets the policy; the background copies it (at start, install, or on a change). */
async function policy(sites: unknown) {
  await fakeBrowser.storage.managed.set({ sites });
  await store().syncManaged();
}
async function ownStored(): Promise<string[]> {
  const raw = (await fakeBrowser.storage.local.get(CONFIG_STORAGE_KEY))[CONFIG_STORAGE_KEY] as { sites: { id: string }[] } | undefined;
  return raw?.sites.map((site) => site.id) ?? [];
}
async function loaded() {
  const result = await store().load();
  if (!result.ok) throw new Error(result.error);
  return result;
}

beforeEach(() => fakeBrowser.reset());

/** The options page's dependencies, on the fake browser, with every part already loaded. */
const permissions = { request: () => Promise.resolve(true), contains: () => Promise.resolve(true), onRemoved: () => () => undefined };
const deps = (): OptionsDeps => ({
  store: store(), permissions, secrets: createSecretsStore(fakeBrowser.storage.local),
  client: { request: () => Promise.reject(new Error('not used')) } as unknown as OptionsDeps['client'], download: () => undefined,
  parts: loadedOptionsParts(),
});

describe('managed sites in the config store', () => {
  it('puts the organisation\'s sites before the person\'s own, and says which they are', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy([managedCdn]);
    const { config, managed } = await loaded();
    expect(config.sites.map((site) => site.id)).toEqual(['cdn', 'blog']);
    expect(managed).toEqual({ ids: ['cdn'], replaced: [], problems: [] });
  });

  it('lets a managed site win over the person\'s site of the same id, and keeps the person\'s in storage', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [ownShop, own] });
    await policy([managedShop]);
    const { config, managed } = await loaded();
    expect(config.sites.map((site) => [site.id, site.name])).toEqual([['shop', 'Shop (company)'], ['blog', 'Blog']]);
    expect(managed?.replaced).toEqual([{ id: 'shop', name: 'My shop', why: 'your organisation\'s "Shop (company)" has the same id (shop)' }]);
    expect(await ownStored()).toEqual(['shop', 'blog']);
  });

  it('sets aside a site of the person\'s that claims a managed host under another id', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [{ ...own, id: 'mine', hosts: ['img.cdn.example.com'] }, own] });
    await policy([managedCdn]);
    const { config, managed } = await loaded();
    expect(config.sites.map((site) => site.id)).toEqual(['cdn', 'blog']);
    expect(managed?.replaced).toEqual([{ id: 'mine', name: 'Blog', why: 'your organisation\'s "CDN" covers img.cdn.example.com too' }]);
  });

  it('writes only the person\'s own sites, and refuses to save over a managed one', async () => {
    await policy([managedCdn]);
    const s = store();
    const saved = await s.upsertSite(own);
    expect(saved.ok && saved.config.sites.map((site) => site.id)).toEqual(['cdn', 'blog']);
    expect(await ownStored()).toEqual(['blog']);
    expect(await s.upsertSite({ ...managedCdn, name: 'Mine now' })).toEqual({ ok: false, error: expect.stringContaining('"Mine now" is managed by your organisation') });
    expect((await loaded()).config.sites.find((site) => site.id === 'cdn')?.name).toBe('CDN');
  });

  it('leaves out a broken managed site with a message naming it, and keeps every other site', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy([{ id: 'Bad Id', name: 'Broken', hosts: [], catalogue: flags }, managedCdn, { ...managedCdn, id: 'cdn-2', name: 'CDN again' }]);
    const { config, managed } = await loaded();
    expect(config.sites.map((site) => site.id)).toEqual(['cdn', 'blog']);
    expect(managed?.problems).toEqual([
      expect.stringMatching(/^Managed site 1 \("Broken"\) was left out: .*id.*must be lowercase letters.*managed-schema\.json\.$/),
      expect.stringMatching(/^Managed site 3 \("CDN again"\) was left out: .*a host can belong to one site only/),
    ]);
  });

  it('says a policy whose "sites" is not a list cannot be used, and keeps the person\'s sites', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy({ shop: managedShop });
    const { config, managed } = await loaded();
    expect(config.sites.map((site) => site.id)).toEqual(['blog']);
    expect(managed?.problems).toEqual([expect.stringContaining('"sites" that is not a list of sites')]);
  });

  it('reads no managed sites where the browser has no policy for Flagtab (Firefox rejects the read), and drops a copy of a withdrawn one', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy([managedCdn]);
    const noPolicy = { get: () => Promise.reject(new Error('Managed storage manifest not found')) };
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const firefox = createConfigStore(fakeBrowser.storage.local, { managed: noPolicy });
    await firefox.syncManaged();
    const result = await firefox.load();
    debug.mockRestore();
    expect(result).toEqual({ ok: true, config: expect.objectContaining({ sites: [expect.objectContaining({ id: 'blog' })] }), managed: { ids: [], replaced: [], problems: [] } });
  });

  it('reads the copy, never storage.managed itself, so a load does not wait for the browser\'s policy', async () => {
    await policy([managedCdn]);
    const slow = { get: vi.fn(() => new Promise<Record<string, unknown>>(() => undefined)) };
    const result = await createConfigStore(fakeBrowser.storage.local, { managed: slow }).load();
    expect(result.ok && result.config.sites.map((site) => site.id)).toEqual(['cdn']);
    expect(slow.get).not.toHaveBeenCalled();
  });

  it('tells a watcher when the policy changes, and not when a sync finds it unchanged', async () => {
    const seen: string[][] = [];
    const stop = store().watch((result) => result.ok && seen.push(result.config.sites.map((site) => site.id)));
    await policy([managedCdn]);
    await vi.waitFor(() => expect(seen).toEqual([['cdn']]));
    const writes = vi.spyOn(fakeBrowser.storage.local, 'set');
    await store().syncManaged();
    expect(writes).not.toHaveBeenCalled();
    await policy([managedCdn, managedShop]);
    await vi.waitFor(() => expect(seen).toEqual([['cdn'], ['cdn', 'shop']]));
    stop();
  });
});

describe('scenarios of managed sites', () => {
  const scenario = (id: string, siteId: string) => ({ id, siteId, name: id, tickets: [], values: { 'new-checkout': true } });
  const scenarioIds = async () => (await loaded()).config.scenarios.map((s) => s.id);
  const exported = async () => {
    const download = vi.fn<(name: string, text: string) => void>();
    const model = createOptionsModel({ ...deps(), download });
    model.start();
    await vi.waitFor(() => expect(model.sites.value.length).toBeGreaterThan(0));
    await model.exportConfig();
    return JSON.parse(download.mock.calls[0]![1]) as { scenarios?: { id: string }[] };
  };

  it('saves a scenario of a managed site beside the person\'s own, keeps it out of the exported file, and shows it with its site', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy([managedCdn]);
    const saved = await store().updateScenarios((list) => [...list, scenario('cdn-new', 'cdn'), scenario('blog-new', 'blog')]);
    expect(saved.ok && saved.config.scenarios.map((s) => s.id)).toEqual(['blog-new', 'cdn-new']);
    expect(await scenarioIds()).toEqual(['blog-new', 'cdn-new']);
    // The person's document stands alone: it names only its own sites' scenarios.
    const raw = (await fakeBrowser.storage.local.get(CONFIG_STORAGE_KEY))[CONFIG_STORAGE_KEY] as { scenarios: { id: string }[] };
    expect(raw.scenarios.map((s) => s.id)).toEqual(['blog-new']);
    expect((await exported()).scenarios?.map((s) => s.id)).toEqual(['blog-new']);
  });

  it('keeps a managed site\'s scenario, unseen, while the policy drops the site, and shows it again when the site comes back', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy([managedCdn]);
    await store().updateScenarios((list) => [...list, scenario('cdn-new', 'cdn')]);
    await policy([]);
    expect(await scenarioIds()).toEqual([]);
    // A change to the person's scenarios meanwhile loses nothing.
    await store().updateScenarios((list) => [...list, scenario('blog-new', 'blog')]);
    await policy([managedCdn]);
    expect(await scenarioIds()).toEqual(['blog-new', 'cdn-new']);
  });

  it('refuses a scenario of no site at all, and an id already taken by the other kind, saving nothing', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy([managedCdn]);
    await store().updateScenarios((list) => [...list, scenario('same', 'cdn')]);
    const taken = await store().updateScenarios((list) => [...list, scenario('same', 'blog')]);
    expect(taken).toEqual({ ok: false, error: 'nothing was saved: scenarios[1].id: another scenario already has the id "same"' });
    const nowhere = await store().updateScenarios((list) => [...list, scenario('gone', 'gone')]);
    expect(nowhere).toEqual({ ok: false, error: 'nothing was saved: scenarios[1].siteId: no site has the id "gone": add the site, or remove the scenario' });
    expect(await scenarioIds()).toEqual(['same']);
  });
});

describe('managed sites in the options page', () => {

  async function page() {
    const model = createOptionsModel(deps());
    model.start();
    await vi.waitFor(() => expect(model.loading.value).toBe(false));
    const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
    Object.assign(globalThis, { document });
    render(h(OptionsApp, { model }), document.getElementById('app')!);
    return { model, document };
  }
  const buttons = (document: Document) => [...document.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent);

  it('marks the managed site, offers no Edit or Remove for it, and keeps the person\'s own site editable', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [ownShop, own] });
    await policy([managedShop]);
    const { model, document } = await page();
    const cards = [...document.querySelectorAll('li.site')];
    expect(cards.map((card) => card.querySelector('h3')?.textContent)).toEqual(['Shop (company)', 'Blog']);
    expect(cards[0]?.textContent).toContain('Managed by your organisation');
    expect(cards[1]?.textContent).not.toContain('Managed by your organisation');
    expect(buttons(document)).toEqual(expect.arrayContaining(['Edit Blog', 'Remove Blog']));
    expect(buttons(document).filter((name) => name?.includes('Shop'))).not.toEqual(expect.arrayContaining(['Edit Shop (company)']));
    expect(buttons(document)).not.toContain('Remove Shop (company)');
    // The clash is said, with whose site won.
    expect(document.querySelector('[role="status"]')?.textContent).toContain('"My shop": your organisation\'s "Shop (company)" has the same id (shop).');
    // And the model refuses too, whatever calls it.
    model.startEdit('shop');
    expect(model.editor.value).toBeUndefined();
    await model.removeSite('shop');
    expect((await loaded()).config.sites.map((site) => site.id)).toEqual(['shop', 'blog']);
  });

  it('shows a broken policy as an alert that says the person\'s sites are safe', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy('not a list');
    const { document } = await page();
    const alert = document.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toContain('Part of your organisation\'s Flagtab policy cannot be used');
    expect(alert).toContain('Your own sites are unaffected');
    expect(buttons(document)).toContain('Edit Blog');
  });

  it('exports the person\'s own sites, not the organisation\'s', async () => {
    await createConfigStore(fakeBrowser.storage.local).save({ version: 1, sites: [own] });
    await policy([managedCdn]);
    const download = vi.fn<(name: string, text: string) => void>();
    const model = createOptionsModel({ ...deps(), download });
    model.start();
    await vi.waitFor(() => expect(model.sites.value).toHaveLength(2));
    await model.exportConfig();
    expect((JSON.parse(download.mock.calls[0]![1]) as { sites: { id: string }[] }).sites.map((site) => site.id)).toEqual(['blog']);
  });
});

describe('public/managed-schema.json', () => {
  it('is up to date with the configuration schema, in the subset of JSON Schema Chrome reads', async () => {
    const { readFileSync } = await import('node:fs');
    const { buildManagedSchema } = await import('../../lib/config/managed-schema');
    const written: unknown = JSON.parse(readFileSync(new URL('../../public/managed-schema.json', import.meta.url), 'utf8'));
    expect(written, 'public/managed-schema.json is stale: run `npm run schema` and commit the result').toEqual(buildManagedSchema());
    // Chrome refuses to load an extension whose schema has a node without a type or a keyword it does not know.
    const allowed = new Set(['type', 'description', 'title', 'properties', 'items', 'enum', 'additionalProperties']);
    const walk = (node: Record<string, unknown>, path: string): string[] => [
      ...(typeof node.type === 'string' ? [] : [`${path}: no type`]),
      ...Object.keys(node).filter((key) => !allowed.has(key)).map((key) => `${path}: ${key}`),
      ...Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>).flatMap(([key, child]) => walk(child, `${path}.${key}`)),
      ...(node.items ? walk(node.items as Record<string, unknown>, `${path}[]`) : []),
      ...(node.additionalProperties ? walk(node.additionalProperties as Record<string, unknown>, `${path}{}`) : []),
    ];
    expect(walk(written as Record<string, unknown>, '$')).toEqual([]);
  });
});
