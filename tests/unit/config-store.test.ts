import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SiteInput } from '../../lib/config/schema';
import { CONFIG_STORAGE_KEY, createConfigStore } from '../../lib/config/store';

const shop: SiteInput = {
  id: 'shop',
  name: 'Shop',
  hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' },
};
const blog: SiteInput = { id: 'blog', name: 'Blog', hosts: ['*.blog.example.com'], catalogue: { provider: 'flags-file', inline: '["a"]' } };

describe('config store', () => {
  beforeEach(() => fakeBrowser.reset());
  const store = () => createConfigStore(fakeBrowser.storage.local);

  it('loads an empty configuration when nothing is stored', async () => {
    expect(await store().load()).toEqual({ ok: true, config: { version: 1, sites: [], scenarios: [] } });
  });

  it('saves the current version under "config" with defaults filled in', async () => {
    const saved = await store().save({ version: 1, sites: [shop] });
    expect(saved.ok).toBe(true);
    const raw = (await fakeBrowser.storage.local.get(CONFIG_STORAGE_KEY))[CONFIG_STORAGE_KEY];
    expect(raw).toMatchObject({ version: 1, sites: [{ id: 'shop', expiryMinutes: 480, transports: { cookie: { name: 'flagtab' } } }] });
    expect(await store().load()).toEqual({ ok: true, config: raw });
  });

  it('refuses to save an invalid configuration and keeps the stored one', async () => {
    await store().save({ version: 1, sites: [shop] });
    const result = await store().save({ version: 1, sites: [shop, { ...blog, id: 'shop' }] });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^nothing was saved: sites\[1\]\.id: "shop" is already the id of "Shop"/) });
    expect(await store().load()).toMatchObject({ ok: true, config: { sites: [{ id: 'shop' }] } });
  });

  it('adds, replaces and removes sites', async () => {
    const s = store();
    await s.upsertSite(shop);
    await s.upsertSite(blog);
    await s.upsertSite({ ...shop, name: 'Shop (EU)' });
    let loaded = await s.load();
    expect(loaded.ok && loaded.config.sites.map((site) => [site.id, site.name])).toEqual([
      ['shop', 'Shop (EU)'],
      ['blog', 'Blog'],
    ]);
    await s.removeSite('shop');
    await s.removeSite('no-such-site');
    loaded = await s.load();
    expect(loaded.ok && loaded.config.sites.map((site) => site.id)).toEqual(['blog']);
  });

  it('runs writes one after another, so none is lost', async () => {
    const s = store();
    await Promise.all([s.upsertSite(shop), s.upsertSite(blog), s.removeSite('shop')]);
    const loaded = await s.load();
    expect(loaded.ok && loaded.config.sites.map((site) => site.id)).toEqual(['blog']);
  });

  it('refuses a host that another site already covers', async () => {
    const s = store();
    await s.upsertSite({ ...blog, hosts: ['*.example.com'] });
    const result = await s.upsertSite(shop);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('sites[1].hosts[0]: "shop.example.com" overlaps "*.example.com" of "Blog"') });
  });

  it('reports a damaged stored document, names the field, and does not overwrite it', async () => {
    const damaged = { version: 1, sites: [{ ...shop, hosts: [] }] };
    await fakeBrowser.storage.local.set({ [CONFIG_STORAGE_KEY]: damaged });
    const s = store();
    expect(await s.load()).toEqual({
      ok: false,
      error: 'the saved configuration cannot be used: sites[0].hosts: must list at least one host',
    });
    const result = await s.upsertSite(blog);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('(nothing was changed)') });
    expect((await fakeBrowser.storage.local.get(CONFIG_STORAGE_KEY))[CONFIG_STORAGE_KEY]).toEqual(damaged);
  });

  it('tells the user to update Flagtab when the stored document is newer', async () => {
    await fakeBrowser.storage.local.set({ [CONFIG_STORAGE_KEY]: { version: 99, sites: [] } });
    const result = await store().load();
    expect(result).toEqual({ ok: false, error: expect.stringContaining('update Flagtab') });
  });

  it('watches changes to the config key only, until stopped', async () => {
    const s = store();
    const seen = vi.fn();
    const stop = s.watch(seen);
    await fakeBrowser.storage.local.set({ somethingElse: 1 });
    expect(seen).not.toHaveBeenCalled();

    await s.upsertSite(shop);
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen.mock.lastCall?.[0]).toMatchObject({ ok: true, config: { sites: [{ id: 'shop' }] } });

    await fakeBrowser.storage.local.remove(CONFIG_STORAGE_KEY);
    expect(seen.mock.lastCall?.[0]).toEqual({ ok: true, config: { version: 1, sites: [], scenarios: [] } });

    stop();
    await s.upsertSite(blog);
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it('turns a full storage into a message and keeps other failures with their cause', async () => {
    const full = { ...fakeBrowser.storage.local, set: () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')) };
    expect(await createConfigStore(full).save({ version: 1, sites: [shop] })).toEqual({
      ok: false,
      error: expect.stringMatching(/storage for Flagtab is full .*use a catalogue URL/),
    });
    const cause = new Error('disk on fire');
    const broken = { ...fakeBrowser.storage.local, set: () => Promise.reject(cause) };
    await expect(createConfigStore(broken).save({ version: 1, sites: [] })).rejects.toMatchObject({ cause });
  });
});
