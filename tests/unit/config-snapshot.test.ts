import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigInput } from '../../lib/config/versions';
import { CONFIG_STORAGE_KEY, createConfigStore } from '../../lib/config/store';
import { CONFIG_SNAPSHOT_KEY } from '../../lib/config/snapshot';

/**
 * The background reads the configuration through a snapshot in storage.session
 * (lib/config/snapshot.ts): a new worker that finds the same stored documents uses what was
 * read from them, and builds none of the configuration's schemas; any change to the documents
 * is read and validated again.
 */
const shop = {
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' },
  tracker: { tracker: 'github', repo: 'acme/shop' },
  transports: { query: { enabled: true, name: 'ff' } },
} as const;
// A scenario whose flag keys a provider chose: `__proto__` must stay an own key, read either way.
const document: ConfigInput = {
  version: 1,
  sites: [shop],
  scenarios: [{ id: 'after', siteId: 'shop', name: 'After', values: JSON.parse('{"__proto__": true, "new-checkout": "b"}') }],
} as never;

/** A new worker's store: the background passes storage.session as the snapshot's area. */
const workerStore = () => createConfigStore(fakeBrowser.storage.local, { snapshot: fakeBrowser.storage.session });

const define = Object.defineProperty;
afterEach(() => {
  Object.defineProperty = define;
});
/** Counts zod objects built while `run` runs (as bench/schema-count.ts and message-schemas-lazy.test.ts count). */
async function zodObjectsBuilt<T>(run: () => Promise<T>): Promise<{ built: number; result: T }> {
  let built = 0;
  Object.defineProperty = function counting<O>(target: O, key: PropertyKey, descriptor: PropertyDescriptor & ThisType<unknown>): O {
    if (key === '_zod') built += 1;
    return define(target, key, descriptor);
  };
  try {
    const result = await run();
    return { built, result };
  } finally {
    Object.defineProperty = define;
  }
}

describe('the background\'s configuration snapshot', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives a new worker what the last one read, with the same null-prototype records', async () => {
    expect(await createConfigStore(fakeBrowser.storage.local).save(document)).toMatchObject({ ok: true });
    const first = await workerStore().load();
    const again = await workerStore().load();
    expect(again).toEqual(first);
    if (!again.ok) throw new Error(again.error);
    const values = again.config.scenarios[0]!.values;
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(Object.hasOwn(values, '__proto__')).toBe(true);
    expect(again.config.sites[0]).toMatchObject({ id: 'shop', transports: { query: { enabled: true, name: 'ff' } }, tracker: { tracker: 'github' } });
  });

  it('reads and validates again once the stored configuration changes, and what is wrong stays wrong', async () => {
    const options = createConfigStore(fakeBrowser.storage.local);
    await options.save(document);
    expect(await workerStore().load()).toMatchObject({ ok: true, config: { sites: [{ name: 'Shop' }] } });
    // The options page saves while the worker is stopped.
    await options.upsertSite({ ...shop, hosts: [...shop.hosts], name: 'Shop (EU)' });
    expect(await workerStore().load()).toMatchObject({ ok: true, config: { sites: [{ name: 'Shop (EU)' }] } });
    // A document no schema accepts is refused on every read, never served from an older snapshot.
    await fakeBrowser.storage.local.set({ [CONFIG_STORAGE_KEY]: { version: 1, sites: [{ ...shop, hosts: ['https://shop.example.com/'] }] } });
    for (let i = 0; i < 2; i++) expect(await workerStore().load()).toMatchObject({ ok: false, error: expect.stringMatching(/host name/) });
  });

  it('uses a snapshot only for the documents it was read from', async () => {
    await createConfigStore(fakeBrowser.storage.local).save(document);
    await workerStore().load();
    const kept = (await fakeBrowser.storage.session.get(CONFIG_SNAPSHOT_KEY))[CONFIG_SNAPSHOT_KEY] as { source: string; read: { config: { sites: { name: string }[] } } };
    // Whatever the snapshot says, it answers only for the documents it was read from.
    kept.read.config.sites[0]!.name = 'Served from the snapshot';
    await fakeBrowser.storage.session.set({ [CONFIG_SNAPSHOT_KEY]: kept });
    expect(await workerStore().load()).toMatchObject({ ok: true, config: { sites: [{ name: 'Served from the snapshot' }] } });
    await fakeBrowser.storage.session.set({ [CONFIG_SNAPSHOT_KEY]: { ...kept, source: kept.source.replace('Shop', 'Shop (EU)') } });
    expect(await workerStore().load()).toMatchObject({ ok: true, config: { sites: [{ name: 'Shop' }] } });
  });

  it('keeps no snapshot of documents too large to be worth one (a big pasted flags file)', async () => {
    const inline = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ key: `flag-${i}`, type: 'boolean' })));
    const big = { ...document, sites: [{ ...shop, catalogue: { provider: 'flags-file', inline } }] } as never;
    expect(await createConfigStore(fakeBrowser.storage.local).save(big)).toMatchObject({ ok: true });
    expect(await workerStore().load()).toMatchObject({ ok: true, config: { sites: [{ catalogue: { inline } }] } });
    expect(await fakeBrowser.storage.session.get(CONFIG_SNAPSHOT_KEY)).toEqual({});
  });

  it('still reads when storage.session cannot be read or written', async () => {
    await createConfigStore(fakeBrowser.storage.local).save(document);
    const broken = { get: vi.fn().mockRejectedValue(new Error('session gone')), set: vi.fn().mockRejectedValue(new Error('quota')) };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = createConfigStore(fakeBrowser.storage.local, { snapshot: broken });
    expect(await store.load()).toMatchObject({ ok: true, config: { sites: [{ id: 'shop' }] } });
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not keep the configuration/), expect.any(Error)));
    warn.mockRestore();
  });

  it('builds none of the configuration\'s schemas on a wake that finds its snapshot', async () => {
    vi.resetModules();
    // Fresh modules, as a new worker evaluates them: importing builds no configuration schema.
    // (A JSON value's schema is one z.lazy object, whose inside is built on first use.)
    await import('../../lib/json');
    const imported = await zodObjectsBuilt(() => import('../../lib/config/store'));
    expect(imported.built, 'a configuration schema is built when its module is imported: wrap it in deferred() (lib/lazy-schema.ts)').toBe(0);
    const fresh = (snapshot?: typeof fakeBrowser.storage.session) => imported.result.createConfigStore(fakeBrowser.storage.local, snapshot ? { snapshot } : {});
    await fakeBrowser.storage.local.set({ [CONFIG_STORAGE_KEY]: document });
    await fakeBrowser.storage.session.set({ [CONFIG_SNAPSHOT_KEY]: { source: 'of other documents', read: {} } });
    const missed = await zodObjectsBuilt(() => fresh(fakeBrowser.storage.session).load());
    expect(missed.result.ok).toBe(true);
    // What the read cost: the configuration's schemas, built on first use (this count can fail).
    expect(missed.built).toBeGreaterThan(100);
    vi.resetModules();
    const again = await import('../../lib/config/store');
    const hit = await zodObjectsBuilt(() => again.createConfigStore(fakeBrowser.storage.local, { snapshot: fakeBrowser.storage.session }).load());
    expect(hit.result).toEqual(missed.result);
    expect(hit.built).toBe(0);
  });
});
