import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createOptionsModel, type OptionsDeps } from '../../components/options/options-model';
import { createPageStore } from '../../components/options/page-store';
import { settingsPageHandlers } from '../../lib/background/settings-page';
import type { SiteInput } from '../../lib/config/schema';
import { CONFIG_STORAGE_KEY, createConfigStore } from '../../lib/config/store';
import { createBackgroundClient } from '../../lib/messaging/client';
import type { Envelope } from '../../lib/messaging/protocol';
import { createMessageRouter, type Handlers } from '../../lib/messaging/router';
import { createSecretsStore } from '../../lib/secrets/store';
import { loadedOptionsParts } from './support/options-parts';

/**
 * The options page reads the configuration through the background ('config/read', answered by
 * the worker's own store) and loads the store's write code on its first write. On fakeBrowser
 * storage, through the real message router, as the page and the worker talk.
 */

const flags = { provider: 'flags-file', url: 'https://flags.example.com/flags.json' } as const;
const shop: SiteInput = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: flags };
const blog: SiteInput = { id: 'blog', name: 'Blog', hosts: ['blog.example.com'], catalogue: flags };

/** The background's store, as lib/background/main.ts makes it. */
const workerStore = () => createConfigStore(fakeBrowser.storage.local, { managed: fakeBrowser.storage.managed });
const EXTENSION = { extensionId: 'flagtab', extensionOrigin: 'chrome-extension://flagtab/' };

let asked: string[];
let writerLoads: number;
let failWriterLoad: boolean;

function page() {
  const route = createMessageRouter(settingsPageHandlers(workerStore()) as Handlers, EXTENSION);
  const client = createBackgroundClient((message: Envelope) => {
    asked.push(message.type);
    return route(message, { id: 'flagtab', url: 'chrome-extension://flagtab/options.html' });
  });
  const store = createPageStore({
    client,
    local: fakeBrowser.storage.local,
    async loadWriter() {
      writerLoads++;
      if (failWriterLoad) throw new TypeError('Failed to fetch dynamically imported module');
      return createConfigStore(fakeBrowser.storage.local, { managed: fakeBrowser.storage.managed });
    },
  });
  const deps: OptionsDeps = {
    store,
    permissions: { request: () => Promise.resolve(true), contains: () => Promise.resolve(true), onRemoved: () => () => undefined },
    secrets: createSecretsStore(fakeBrowser.storage.local),
    client,
    download: () => undefined,
    parts: loadedOptionsParts(),
  };
  const model = createOptionsModel(deps);
  model.start();
  return { model, client };
}

beforeEach(() => {
  fakeBrowser.reset();
  asked = [];
  writerLoads = 0;
  failWriterLoad = false;
});

describe('the options page\'s configuration, read by the background', () => {
  it('lists the sites the background reads, the organisation\'s first once the page asked for the policy', async () => {
    await workerStore().save({ version: 1, sites: [blog] });
    const { model, client } = page();
    await vi.waitFor(() => expect(model.sites.value.map((site) => site.id)).toEqual(['blog']));

    await fakeBrowser.storage.managed.set({ sites: [shop] });
    await client.request('policy/sync', {});
    await vi.waitFor(() => expect(model.sites.value.map((site) => site.id)).toEqual(['shop', 'blog']));
    expect(model.managedIds.value).toEqual(new Set(['shop']));
    // Reading and showing needed no write code.
    expect(writerLoads).toBe(0);
  });

  it('says a stored configuration that cannot be used, as the background reads it', async () => {
    await fakeBrowser.storage.local.set({ [CONFIG_STORAGE_KEY]: { version: 99, sites: [] } });
    const { model } = page();
    await vi.waitFor(() => expect(model.loadError.value).toMatch(/^the saved configuration cannot be used: .*newer version of Flagtab/));
  });

  it('follows a change made elsewhere, and asks nothing when an unrelated key changes', async () => {
    const { model } = page();
    await vi.waitFor(() => expect(model.loading.value).toBe(false));
    await workerStore().save({ version: 1, sites: [shop] });
    await vi.waitFor(() => expect(model.sites.value.map((site) => site.id)).toEqual(['shop']));
    const reads = asked.filter((type) => type === 'config/read').length;
    await fakeBrowser.storage.local.set({ 'catalogue.v2:shop': { fetchedAt: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked.filter((type) => type === 'config/read').length).toBe(reads);
  });

  it('loads the write code on the first write; one that will not load says to reload, and the next click tries again', async () => {
    await workerStore().save({ version: 1, sites: [shop, blog] });
    const { model } = page();
    await vi.waitFor(() => expect(model.sites.value).toHaveLength(2));

    failWriterLoad = true;
    await model.removeSite('shop');
    expect(model.notice.value).toBe('Could not remove "Shop": could not save: Flagtab could not load the code that reads and saves settings: reload the page and try again');
    expect(model.sites.value.map((site) => site.id)).toEqual(['shop', 'blog']);

    failWriterLoad = false;
    await model.removeSite('shop');
    expect(model.notice.value).toBe('Removed "Shop"');
    expect(writerLoads).toBe(2);
    const stored = await workerStore().load();
    expect(stored.ok && stored.config.sites.map((site) => site.id)).toEqual(['blog']);
  });
});
