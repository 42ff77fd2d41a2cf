import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ACCESS_REFUSED_IMPORT,
  ACCESS_REFUSED_SAVE,
  createOptionsModel,
  type OptionsModel,
} from '../../components/options/options-model';
import { exportConfigFile, parseConfigFile } from '../../lib/config/file';
import type { SiteInput } from '../../lib/config/schema';
import { createConfigStore } from '../../lib/config/store';
import type { HostPermissions } from '../../lib/permissions';

/** Host permissions that answer like the browser: granted origins are remembered. */
function fakePermissions() {
  const granted = new Set<string>();
  const removedListeners = new Set<(origins: string[]) => void>();
  const fake = {
    answer: true as boolean | Error,
    request: vi.fn((origins: string[]): Promise<boolean> => {
      if (fake.answer instanceof Error) return Promise.reject(fake.answer);
      if (fake.answer) origins.forEach((o) => granted.add(o));
      return Promise.resolve(fake.answer);
    }),
    contains: (origins: string[]) => Promise.resolve(origins.every((o) => granted.has(o))),
    onRemoved(callback: (origins: string[]) => void) {
      removedListeners.add(callback);
      return () => removedListeners.delete(callback);
    },
    grant: (origins: string[]) => origins.forEach((o) => granted.add(o)),
    revoke(origins: string[]) {
      origins.forEach((o) => granted.delete(o));
      removedListeners.forEach((callback) => callback(origins));
    },
  } satisfies HostPermissions & Record<string, unknown>;
  return fake;
}

const shop: SiteInput = {
  id: 'shop',
  name: 'Shop',
  hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' },
};
const shopOrigins = ['http://shop.example.com/*', 'https://flags.example.com/*', 'https://shop.example.com/*'];
const configFile = (sites: SiteInput[]) => JSON.stringify({ format: 'flagtab-config', version: 1, sites });

let permissions: ReturnType<typeof fakePermissions>;
let download: ReturnType<typeof vi.fn<(filename: string, text: string) => void>>;
let model: OptionsModel;
const store = () => createConfigStore(fakeBrowser.storage.local);

async function startModel(options: { addHost?: string } = {}) {
  model = createOptionsModel({ store: store(), permissions, download });
  model.start(options);
  await vi.waitFor(() => expect(model.loading.value).toBe(false));
}

async function storedSites() {
  const loaded = await store().load();
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.config.sites;
}

beforeEach(() => {
  fakeBrowser.reset();
  permissions = fakePermissions();
  download = vi.fn<(filename: string, text: string) => void>();
});

describe('options model: sites', () => {
  it('loads the configured sites', async () => {
    await store().save({ version: 1, sites: [shop] });
    permissions.grant([...shopOrigins]);
    await startModel();
    expect(model.sites.value.map((s) => s.id)).toEqual(['shop']);
    expect(model.lacksAccess.value.size).toBe(0);
  });

  it('adds a site after asking for its hosts and catalogue origin within the click', async () => {
    await startModel();
    model.startAdd();
    model.updateForm({
      name: 'Shop (EU)',
      hosts: 'shop.example.com\n*.cdn.example.com\n',
      catalogueUrl: 'https://flags.example.com:8443/flags.json',
      expiryHours: '1.5',
    });
    const saving = model.saveSite();
    // Asked synchronously: nothing was awaited before the request, so the gesture holds.
    expect(permissions.request).toHaveBeenCalledWith([
      'http://*.cdn.example.com/*',
      'http://shop.example.com/*',
      'https://*.cdn.example.com/*',
      'https://flags.example.com/*',
      'https://shop.example.com/*',
    ]);
    await saving;

    expect(model.editor.value).toBeUndefined();
    expect(model.notice.value).toBe('Saved "Shop (EU)"');
    expect(await storedSites()).toEqual([
      {
        id: 'shop-eu',
        name: 'Shop (EU)',
        hosts: ['shop.example.com', '*.cdn.example.com'],
        catalogue: { provider: 'flags-file', url: 'https://flags.example.com:8443/flags.json' },
        transports: { header: { enabled: true, name: 'X-Feature-Flags' }, cookie: { enabled: true, name: 'flagtab' } },
        expiryMinutes: 90,
      },
    ]);
    expect(model.sites.value.map((s) => s.id)).toEqual(['shop-eu']);
  });

  it('keeps the form and saves nothing when host access is refused', async () => {
    await startModel();
    permissions.answer = false;
    model.startAdd('shop.example.com');
    model.updateForm({ name: 'Shop', catalogueKind: 'inline', catalogueInline: '["a"]' });
    await model.saveSite();
    expect(model.editor.value).toMatchObject({ error: ACCESS_REFUSED_SAVE, busy: false, form: { name: 'Shop' } });
    expect(await storedSites()).toEqual([]);
  });

  it('reports a browser that will not even ask', async () => {
    await startModel();
    permissions.answer = new Error('This function must be called during a user gesture');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    model.startAdd('shop.example.com');
    model.updateForm({ name: 'Shop', catalogueUrl: 'https://flags.example.com/f.json' });
    await model.saveSite();
    expect(model.editor.value?.error).toMatch(/would not ask for host access \(This function must be called during a user gesture\)/);
  });

  it('shows validation errors next to their fields and asks for nothing', async () => {
    await startModel();
    model.startAdd();
    model.updateForm({ hosts: 'shop.example.com\nhttp//bad host', headerName: 'Bad Header', expiryHours: 'soon' });
    await model.saveSite();
    expect(permissions.request).not.toHaveBeenCalled();
    expect(model.editor.value?.errors).toEqual({
      name: 'must not be empty',
      hosts: expect.stringMatching(/^"http\/\/bad" must be a host name/),
      catalogueUrl: expect.stringContaining('enter the URL'),
      headerName: 'must be a valid HTTP header name',
      expiryHours: expect.stringContaining('must be a number of hours'),
    });
    model.updateForm({ name: 'Shop' });
    expect(model.editor.value?.errors.name).toBeUndefined();
  });

  it('checks a pasted flags file', async () => {
    await startModel();
    model.startAdd('shop.example.com');
    model.updateForm({ name: 'Shop', catalogueKind: 'inline', catalogueInline: '{"flags": ' });
    await model.saveSite();
    expect(model.editor.value?.errors.catalogueInline).toMatch(/^not valid JSON/);
  });

  it('refuses a host another site has', async () => {
    await store().save({ version: 1, sites: [{ ...shop, hosts: ['*.example.com'] }] });
    await startModel();
    model.startAdd('checkout.example.com');
    model.updateForm({ name: 'Checkout', catalogueUrl: 'https://flags.example.com/f.json' });
    await model.saveSite();
    expect(model.editor.value?.errors.hosts).toMatch(/^"checkout\.example\.com" overlaps "\*\.example\.com" of "Shop"/);
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('gives each new site a unique id from its name', async () => {
    await store().save({ version: 1, sites: [shop] });
    await startModel();
    model.startAdd('other.example.com');
    model.updateForm({ name: 'Shop', catalogueUrl: 'https://flags.example.com/f.json' });
    await model.saveSite();
    expect((await storedSites()).map((s) => s.id)).toEqual(['shop', 'shop-2']);
  });

  it('edits a site and keeps its id', async () => {
    await store().save({ version: 1, sites: [shop] });
    await startModel();
    model.startEdit('shop');
    expect(model.editor.value?.form).toMatchObject({ name: 'Shop', hosts: 'shop.example.com', expiryHours: '8' });
    model.updateForm({ name: 'Web shop', hosts: 'shop.example.com\nwww.shop.example.com', cookieEnabled: false });
    await model.saveSite();
    expect(await storedSites()).toMatchObject([
      { id: 'shop', name: 'Web shop', hosts: ['shop.example.com', 'www.shop.example.com'], transports: { cookie: { enabled: false } } },
    ]);
  });

  it('removes a site, and can undo it', async () => {
    await store().save({ version: 1, sites: [shop] });
    await startModel();
    await model.removeSite('shop');
    expect(model.sites.value).toEqual([]);
    expect(model.notice.value).toBe('Removed "Shop"');
    await model.undoRemove();
    expect((await storedSites()).map((s) => s.id)).toEqual(['shop']);
  });

  it('opens the Add form for ?addHost', async () => {
    await startModel({ addHost: 'Shop.Example.com' });
    expect(model.editor.value).toMatchObject({ editing: { mode: 'add' }, form: { hosts: 'shop.example.com', name: '' } });
  });

  it('warns about a site whose host access was removed, and grants it again', async () => {
    await store().save({ version: 1, sites: [shop] });
    permissions.grant([...shopOrigins]);
    await startModel();
    permissions.revoke(['https://shop.example.com/*']);
    await vi.waitFor(() => expect([...model.lacksAccess.value]).toEqual(['shop']));

    const granting = model.grantAccess('shop');
    expect(permissions.request).toHaveBeenCalledWith(shopOrigins);
    await granting;
    expect(model.lacksAccess.value.size).toBe(0);
  });

  it('follows changes made elsewhere', async () => {
    await startModel();
    await store().upsertSite(shop);
    await vi.waitFor(() => expect(model.sites.value.map((s) => s.id)).toEqual(['shop']));
  });
});

describe('options model: import and export', () => {
  const blog: SiteInput = { id: 'blog', name: 'Blog', hosts: ['blog.example.com'], catalogue: { provider: 'flags-file', inline: '["x"]' } };

  it('imports pasted JSON after asking for all hosts within the click', async () => {
    await store().save({ version: 1, sites: [{ ...shop, id: 'old', hosts: ['old.example.com'] }] });
    await startModel();
    model.pastedConfig.value = configFile([shop, blog]);
    const importing = model.importPasted();
    expect(permissions.request).toHaveBeenCalledWith([
      'http://blog.example.com/*',
      'http://shop.example.com/*',
      'https://blog.example.com/*',
      'https://flags.example.com/*',
      'https://shop.example.com/*',
    ]);
    await importing;
    expect(model.importNotice.value).toBe('Imported 2 sites');
    expect(model.importError.value).toBeUndefined();
    expect((await storedSites()).map((s) => s.id)).toEqual(['shop', 'blog']);
  });

  it('shows why pasted JSON cannot be imported, and asks for nothing', async () => {
    await startModel();
    model.pastedConfig.value = configFile([{ ...shop, hosts: ['ok.example.com', 'bad host'] }]);
    await model.importPasted();
    expect(model.importError.value).toBe(
      'Pasted configuration: sites[0].hosts[1]: must be a host name like "shop.example.com" or "*.example.com" (no scheme, port or path)',
    );
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('imports nothing when host access is refused', async () => {
    await store().save({ version: 1, sites: [shop] });
    await startModel();
    permissions.answer = false;
    model.pastedConfig.value = configFile([blog]);
    await model.importPasted();
    expect(model.importError.value).toBe(ACCESS_REFUSED_IMPORT);
    expect((await storedSites()).map((s) => s.id)).toEqual(['shop']);
  });

  it('imports a file at once when its hosts are already granted', async () => {
    permissions.grant(['http://blog.example.com/*', 'https://blog.example.com/*']);
    await startModel();
    await model.importFile({ name: 'flagtab-config.json', text: () => Promise.resolve(configFile([blog])) });
    expect(permissions.request).not.toHaveBeenCalled();
    expect(model.importNotice.value).toBe('Imported 1 site');
    expect((await storedSites()).map((s) => s.id)).toEqual(['blog']);
  });

  it('asks for a file\'s hosts on the next click, since reading it ends the gesture', async () => {
    await startModel();
    await model.importFile({ name: 'team.json', text: () => Promise.resolve(configFile([shop])) });
    expect(model.pendingImport.value).toMatchObject({ source: 'team.json', origins: shopOrigins });
    expect(await storedSites()).toEqual([]);

    const confirming = model.confirmImport();
    expect(permissions.request).toHaveBeenCalledWith(shopOrigins);
    await confirming;
    expect(model.pendingImport.value).toBeUndefined();
    expect(model.importNotice.value).toBe('Imported 1 site');
  });

  it('names the file whose content is broken', async () => {
    await startModel();
    await model.importFile({ name: 'broken.json', text: () => Promise.resolve('{ nope') });
    expect(model.importError.value).toMatch(/^broken\.json: not valid JSON: .* — check the file is a Flagtab configuration export$/);
  });

  it('exports the configuration as flagtab-config.json', async () => {
    await store().save({ version: 1, sites: [shop, blog] });
    await startModel();
    model.exportConfig();
    expect(download).toHaveBeenCalledTimes(1);
    const [filename, text] = download.mock.calls[0]!;
    expect(filename).toBe('flagtab-config.json');
    const loaded = await store().load();
    expect(loaded.ok && text).toBe(loaded.ok && exportConfigFile(loaded.config));
    expect(parseConfigFile(text).ok).toBe(true);
  });
});

describe('options model: storage failures', () => {
  it('shows a storage failure on the form instead of hanging', async () => {
    const failing = { ...store(), upsertSite: () => Promise.reject(new Error('disk on fire')) };
    vi.spyOn(console, 'error').mockImplementation(() => {});
    model = createOptionsModel({ store: failing, permissions, download });
    model.start();
    await vi.waitFor(() => expect(model.loading.value).toBe(false));
    model.startAdd('shop.example.com');
    model.updateForm({ name: 'Shop', catalogueUrl: 'https://flags.example.com/f.json' });
    await model.saveSite();
    expect(model.editor.value).toMatchObject({ busy: false, error: expect.stringContaining('disk on fire') });
  });
});
