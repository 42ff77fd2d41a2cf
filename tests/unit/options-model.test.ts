import { fakeBrowser } from '@webext-core/fake-browser';
import { DEFAULT_TRANSPORTS } from '../support/transports';
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ACCESS_REFUSED_IMPORT,
  ACCESS_REFUSED_SAVE,
  createOptionsModel,
  type OptionsDeps,
  type OptionsModel,
} from '../../components/options/options-model';
import { SiteCard } from '../../components/options/SiteCard';
import { SiteEditorForm } from '../../components/options/SiteEditorForm';
import { exportConfigFile, parseConfigFile } from '../../lib/config/file';
import { DEFAULT_DETECTION, type SiteInput } from '../../lib/config/schema';
import { createConfigStore } from '../../lib/config/store';
import type { HostPermissions } from '../../lib/permissions';
import type { ConnectionDiagnosis } from '../../lib/providers/types';
import { SECRETS_KEY, createSecretsStore } from '../../lib/secrets/store';
import { loadedOptionsParts } from './support/options-parts';

/** Where LaunchDarkly's API is: the address a token of a LaunchDarkly site is bound to. */
const LD_ORIGIN = 'https://app.launchdarkly.com';

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

/** The background as "Test connection" meets it: answers with a diagnosis, and keeps what it was sent. */
function fakeClient() {
  const fake = {
    answer: { ok: true, message: 'Connected to LaunchDarkly: 3 flag(s) in production.', flagCount: 3 } as ConnectionDiagnosis | Error,
    sent: [] as { type: string; data: unknown }[],
    request(type: string, data: unknown): Promise<unknown> {
      fake.sent.push({ type, data });
      return fake.answer instanceof Error ? Promise.reject(fake.answer) : Promise.resolve(fake.answer);
    },
  };
  return fake;
}

const shop: SiteInput = {
  id: 'shop',
  name: 'Shop',
  hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' },
};
// A site's hosts come with their websocket origins: Chrome changes a handshake only with ws(s):// access.
const shopOrigins = ['http://shop.example.com/*', 'https://flags.example.com/*', 'https://shop.example.com/*', 'ws://shop.example.com/*', 'wss://shop.example.com/*'];
const configFile = (sites: SiteInput[]) => JSON.stringify({ format: 'flagtab-config', version: 1, sites });

let permissions: ReturnType<typeof fakePermissions>;
let client: ReturnType<typeof fakeClient>;
let download: ReturnType<typeof vi.fn<(filename: string, text: string) => void>>;
let model: OptionsModel;
const store = () => createConfigStore(fakeBrowser.storage.local);
const secrets = () => createSecretsStore(fakeBrowser.storage.local);
const deps = (): OptionsDeps => ({ store: store(), permissions, secrets: secrets(), client: client as OptionsDeps['client'], download, parts: loadedOptionsParts() });

async function startModel(options: { addHost?: string } = {}) {
  model = createOptionsModel(deps());
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
  client = fakeClient();
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
    model.updateForm({ provider: 'flags-file',
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
      'ws://*.cdn.example.com/*',
      'ws://shop.example.com/*',
      'wss://*.cdn.example.com/*',
      'wss://shop.example.com/*',
    ]);
    await saving;

    expect(model.editor.value).toBeUndefined();
    // A new site's notice says what to do next, the person being new to Flagtab.
    expect(model.notice.value).toBe('Saved "Shop (EU)". Next: open shop.example.com in a tab and click Flagtab\'s toolbar button to switch its flags for that tab only.');
    expect(await storedSites()).toEqual([
      {
        id: 'shop-eu',
        name: 'Shop (EU)',
        hosts: ['shop.example.com', '*.cdn.example.com'],
        catalogue: { provider: 'flags-file', url: 'https://flags.example.com:8443/flags.json' },
        transports: DEFAULT_TRANSPORTS,
        expiryMinutes: 90,
        detection: DEFAULT_DETECTION,
      },
    ]);
    expect(model.sites.value.map((s) => s.id)).toEqual(['shop-eu']);
  });

  it('keeps the form and saves nothing when host access is refused', async () => {
    await startModel();
    permissions.answer = false;
    model.startAdd('shop.example.com');
    model.updateForm({ provider: 'flags-file', name: 'Shop', catalogueKind: 'inline', catalogueInline: '["a"]' });
    await model.saveSite();
    expect(model.editor.value).toMatchObject({ error: ACCESS_REFUSED_SAVE, busy: false, form: { name: 'Shop' } });
    expect(await storedSites()).toEqual([]);
  });

  it('asks the browser about the hosts before saving, and saves nothing it refuses', async () => {
    await startModel();
    model.startAdd('a.b.c.d.e.f.g.h.i.example.com');
    model.updateForm({ provider: 'flags-file', name: 'Deep', catalogueKind: 'inline', catalogueInline: '["a"]' });
    const refusal = 'The browser cannot match "a.b.c.d.e.f.g.h.i.example.com" exactly (memoryLimitExceeded), so overrides could never be set there: list such a host as a wildcard';
    client.answer = { ok: false, message: refusal } as unknown as ConnectionDiagnosis;
    await model.saveSite();
    expect(client.sent).toEqual([{ type: 'sites/check-hosts', data: { hosts: ['a.b.c.d.e.f.g.h.i.example.com'] } }]);
    expect(model.editor.value).toMatchObject({ busy: false, errors: { hosts: refusal }, error: 'The browser refuses some of these hosts; nothing was saved' });
    expect(await storedSites()).toEqual([]);

    client.answer = { ok: true } as unknown as ConnectionDiagnosis;
    await model.saveSite();
    expect(model.editor.value).toBeUndefined();
    expect((await storedSites()).map((s) => s.hosts)).toEqual([['a.b.c.d.e.f.g.h.i.example.com']]);
  });

  it('reports a browser that will not even ask', async () => {
    await startModel();
    permissions.answer = new Error('This function must be called during a user gesture');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    model.startAdd('shop.example.com');
    model.updateForm({ provider: 'flags-file', name: 'Shop', catalogueUrl: 'https://flags.example.com/f.json' });
    await model.saveSite();
    expect(model.editor.value?.error).toMatch(/would not ask for host access \(This function must be called during a user gesture\)/);
  });

  it('starts a new site without a provider: Save asks for one first, and saves and asks for nothing', async () => {
    await startModel();
    model.startAdd('shop.example.com');
    expect(model.editor.value?.providerChosen).toBe(false);
    model.updateForm({ name: 'Shop', catalogueUrl: 'https://flags.example.com/flags.json' });
    await model.saveSite();
    expect(permissions.request).not.toHaveBeenCalled();
    expect(model.editor.value?.error).toBe('Choose your flag provider first; nothing was saved');
    expect(model.editor.value?.errors).toEqual({ provider: expect.stringContaining('choose where this site\'s flags are defined') });
    expect(await storedSites()).toEqual([]);
    // Choosing one (even the flags file the form held as a placeholder) clears the error and saves.
    model.updateForm({ provider: 'flags-file' });
    expect(model.editor.value?.errors.provider).toBeUndefined();
    await model.saveSite();
    expect((await storedSites()).map((s) => s.catalogue)).toEqual([{ provider: 'flags-file', url: 'https://flags.example.com/flags.json' }]);
  });

  it('shows validation errors next to their fields and asks for nothing', async () => {
    await startModel();
    model.startAdd();
    const form = model.editor.value!.form;
    model.updateForm({ provider: 'flags-file', hosts: 'shop.example.com\nhttp//bad host', transports: { ...form.transports, header: { ...form.transports.header, name: 'Bad Header' } }, expiryHours: 'soon' });
    await model.saveSite();
    expect(permissions.request).not.toHaveBeenCalled();
    expect(model.editor.value?.errors).toEqual({
      name: 'must not be empty',
      hosts: expect.stringMatching(/^"http\/\/bad" must be a host name/),
      catalogueUrl: expect.stringContaining('enter the URL'),
      'transports.header.name': 'must be a valid HTTP header name',
      expiryHours: expect.stringContaining('must be a number of hours'),
    });
    model.updateForm({ name: 'Shop' });
    expect(model.editor.value?.errors.name).toBeUndefined();
  });

  it('checks a pasted flags file', async () => {
    await startModel();
    model.startAdd('shop.example.com');
    model.updateForm({ provider: 'flags-file', name: 'Shop', catalogueKind: 'inline', catalogueInline: '{"flags": ' });
    await model.saveSite();
    expect(model.editor.value?.errors.catalogueInline).toMatch(/^not valid JSON/);
  });

  it('refuses a host another site has', async () => {
    await store().save({ version: 1, sites: [{ ...shop, hosts: ['*.example.com'] }] });
    await startModel();
    model.startAdd('checkout.example.com');
    model.updateForm({ provider: 'flags-file', name: 'Checkout', catalogueUrl: 'https://flags.example.com/f.json' });
    await model.saveSite();
    expect(model.editor.value?.errors.hosts).toMatch(/^"checkout\.example\.com" overlaps "\*\.example\.com" of "Shop"/);
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('gives each new site a unique id from its name', async () => {
    await store().save({ version: 1, sites: [shop] });
    await startModel();
    model.startAdd('other.example.com');
    model.updateForm({ provider: 'flags-file', name: 'Shop', catalogueUrl: 'https://flags.example.com/f.json' });
    await model.saveSite();
    expect((await storedSites()).map((s) => s.id)).toEqual(['shop', 'shop-2']);
  });

  it('edits a site and keeps its id', async () => {
    await store().save({ version: 1, sites: [shop] });
    await startModel();
    model.startEdit('shop');
    expect(model.editor.value?.form).toMatchObject({ name: 'Shop', hosts: 'shop.example.com', expiryHours: '8' });
    const { transports } = model.editor.value!.form;
    model.updateForm({ name: 'Web shop', hosts: 'shop.example.com\nwww.shop.example.com', transports: { ...transports, cookie: { ...transports.cookie, enabled: false } } });
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

  it('says a site saved before websockets needed their own access still gets overrides on pages, and asks for the rest', async () => {
    await store().save({ version: 1, sites: [shop] });
    permissions.grant(shopOrigins.filter((o) => !o.startsWith('ws')));
    await startModel();
    await vi.waitFor(() => expect([...model.lacksSocketAccess.value]).toEqual(['shop']));
    expect([...model.lacksAccess.value]).toEqual(['shop']);
    const { document } = parseHTML('<!doctype html><html><body><ul id="app"></ul></body></html>');
    Object.assign(globalThis, { document });
    render(h(SiteCard, { model, site: model.sites.value[0]!, lacksAccess: true, socketsOnly: true }), document.getElementById('app')!);
    expect(document.querySelector('.warning')?.textContent).toContain('websocket connections go without overrides; pages and requests get them');

    const granting = model.grantAccess('shop');
    expect(permissions.request).toHaveBeenCalledWith(shopOrigins);
    await granting;
    expect([model.lacksAccess.value.size, model.lacksSocketAccess.value.size]).toEqual([0, 0]);
  });

  it('follows changes made elsewhere', async () => {
    await startModel();
    await store().upsertSite(shop);
    await vi.waitFor(() => expect(model.sites.value.map((s) => s.id)).toEqual(['shop']));
  });
});

describe('options model: the expiry field', () => {
  /** The Add form as drawn now: the expiry field's hint and its input's limits. */
  function expiryField() {
    const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
    Object.assign(globalThis, { document });
    render(h(SiteEditorForm, { model, editor: model.editor.value! }), document.getElementById('app')!);
    const input = document.getElementById('site-expiryHours')!;
    return { hint: document.getElementById('site-expiryHours-hint')?.textContent, min: Number(input.getAttribute('min')), max: Number(input.getAttribute('max')) };
  }
  const save = async (expiryHours: string) => {
    model.updateForm({ name: 'Shop', hosts: 'shop.example.com', catalogueUrl: 'https://flags.example.com/flags.json', expiryHours });
    await model.saveSite();
  };

  it('says the shortest and longest expiry the form saves, and saves exactly those', async () => {
    await startModel();
    model.startAdd();
    model.updateForm({ provider: 'flags-file' });
    const field = expiryField();
    expect(field.hint).toContain('from 1 minute (0.02) to 7 days (168)');
    expect([field.min * 60, field.max]).toEqual([1, 168]);

    await save('0.005'); // 18 seconds: below the minimum the hint states
    expect(model.editor.value?.errors.expiryHours).toBe('must be at least 1 minute (0.02 hours)');
    await save('168.5');
    expect(model.editor.value?.errors.expiryHours).toBe('must be at most 7 days (168 hours)');
    await save('0.02');
    expect(model.editor.value).toBeUndefined();
    expect((await storedSites())[0]?.expiryMinutes).toBe(1);
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
      'ws://blog.example.com/*',
      'ws://shop.example.com/*',
      'wss://blog.example.com/*',
      'wss://shop.example.com/*',
    ]);
    await importing;
    expect(model.importNotice.value).toBe('Imported 2 sites');
    expect(model.importError.value).toBeUndefined();
    expect((await storedSites()).map((s) => s.id)).toEqual(['shop', 'blog']);
  });

  it('imports nothing when the browser refuses a site\'s hosts, and names the site', async () => {
    await startModel();
    client.answer = { ok: false, message: 'The browser cannot match "x" exactly (memoryLimitExceeded)' } as unknown as ConnectionDiagnosis;
    model.pastedConfig.value = configFile([shop, blog]);
    await model.importPasted();
    expect(model.importError.value).toBe('"Shop": The browser cannot match "x" exactly (memoryLimitExceeded); nothing was imported');
    expect(client.sent[0]).toEqual({ type: 'sites/check-hosts', data: { hosts: ['shop.example.com'] } });
    expect(await storedSites()).toEqual([]);
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
    permissions.grant(['http://blog.example.com/*', 'https://blog.example.com/*', 'ws://blog.example.com/*', 'wss://blog.example.com/*']);
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
    model = createOptionsModel({ ...deps(), store: failing });
    model.start();
    await vi.waitFor(() => expect(model.loading.value).toBe(false));
    model.startAdd('shop.example.com');
    model.updateForm({ provider: 'flags-file', name: 'Shop', catalogueUrl: 'https://flags.example.com/f.json' });
    await model.saveSite();
    expect(model.editor.value).toMatchObject({ busy: false, error: expect.stringContaining('disk on fire') });
  });
});

describe('options model: flag providers', () => {
  const named = { name: 'Shop', hosts: 'shop.example.com' };
  const transports = DEFAULT_TRANSPORTS;
  const cases = [
    ['unleash', { baseUrl: 'https://unleash.example.com/', environment: 'production' },
      { provider: 'unleash', baseUrl: 'https://unleash.example.com', project: 'default', environment: 'production' }],
    ['launchdarkly', { project: 'shop', environment: 'production' },
      { provider: 'launchdarkly', baseUrl: 'https://app.launchdarkly.com', project: 'shop', environment: 'production' }],
    ['flagsmith', { project: ' 42 ', environment: 'Kq3abc' },
      { provider: 'flagsmith', baseUrl: 'https://api.flagsmith.com', project: '42', environment: 'Kq3abc' }],
    ['growthbook', { environment: 'production' },
      { provider: 'growthbook', baseUrl: 'https://api.growthbook.io', environment: 'production' }],
    ['posthog', { baseUrl: 'https://eu.posthog.com', project: '7' },
      { provider: 'posthog', baseUrl: 'https://eu.posthog.com', project: '7' }],
    ['ofrep', { baseUrl: 'https://flags.example.com', ofrepContext: '{"targetingKey": "qa-user"}', authHeader: 'X-Api-Key' },
      { provider: 'ofrep', baseUrl: 'https://flags.example.com', context: { targetingKey: 'qa-user' }, authHeader: 'X-Api-Key' }],
    ['vercel', { baseUrl: 'https://shop.example.com/' }, { provider: 'vercel', baseUrl: 'https://shop.example.com' }],
  ] as const;

  it.each(cases)('saves a %s site from its fields, with the schema\'s defaults prefilled', async (provider, fields, catalogue) => {
    await startModel();
    model.startAdd();
    model.updateForm({ ...named, provider });
    model.updateForm(fields);
    await model.saveSite();
    expect(model.editor.value?.errors).toBeUndefined();
    expect(await storedSites()).toEqual([{ id: 'shop', ...named, hosts: ['shop.example.com'], catalogue, transports, expiryMinutes: 480, detection: DEFAULT_DETECTION }]);
    // Editing it shows the same fields again.
    model.startEdit('shop');
    expect(model.editor.value?.form).toMatchObject({ provider, ...('baseUrl' in fields ? { baseUrl: fields.baseUrl.replace(/\/$/, '') } : {}) });
  });

  it('prefills the cloud address of the chosen provider, and keeps an address the person typed', async () => {
    await startModel();
    model.startAdd();
    model.updateForm({ provider: 'launchdarkly' });
    expect(model.editor.value?.form.baseUrl).toBe('https://app.launchdarkly.com');
    model.updateForm({ provider: 'posthog' });
    expect(model.editor.value?.form.baseUrl).toBe('https://us.posthog.com');
    model.updateForm({ baseUrl: 'https://posthog.internal.example.com' });
    model.updateForm({ provider: 'unleash' });
    expect(model.editor.value?.form).toMatchObject({ baseUrl: 'https://posthog.internal.example.com', project: 'default' });
  });

  it('puts each schema error next to the field it is about', async () => {
    await startModel();
    model.startAdd();
    model.updateForm({ ...named, provider: 'flagsmith' });
    model.updateForm({ baseUrl: 'ftp://flagsmith.example.com', project: 'shop' });
    await model.saveSite();
    expect(model.editor.value?.errors).toEqual({
      baseUrl: 'must be an http:// or https:// URL, like "https://api.flagsmith.com"',
      project: 'must be the numeric project id (in the project\'s URL)',
      environment: 'must name the environment key',
    });
    model.updateForm({ provider: 'ofrep', baseUrl: 'https://flags.example.com?x=1', ofrepContext: '["qa"]', authHeader: 'Bad Header' });
    await model.saveSite();
    expect(model.editor.value?.errors).toEqual({
      baseUrl: 'must not have a query (?) or fragment (#)',
      ofrepContext: 'must be a JSON object, like { "targetingKey": "qa-user" }',
      authHeader: 'must be a valid HTTP header name',
    });
    model.updateForm({ ofrepContext: '{ nope' });
    await model.saveSite();
    expect(model.editor.value?.errors.ofrepContext).toMatch(/^must be a JSON object, like .* \(.+\)$/);
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('asks for the provider\'s host along with the site\'s when saving', async () => {
    await startModel();
    model.startAdd();
    model.updateForm({ ...named, provider: 'launchdarkly', project: 'shop', environment: 'production' });
    const saving = model.saveSite();
    expect(permissions.request).toHaveBeenCalledWith(['http://shop.example.com/*', 'https://app.launchdarkly.com/*', 'https://shop.example.com/*', 'ws://shop.example.com/*', 'wss://shop.example.com/*']);
    await saving;
  });
});

describe('options model: tokens', () => {
  const ldSite: SiteInput = { ...shop, catalogue: { provider: 'launchdarkly', project: 'shop', environment: 'production' } };
  const token = 'api-0123456789abcdef-wxyz';

  async function addLaunchDarklySite(typed: string) {
    model.startAdd();
    model.updateForm({ name: 'Shop', hosts: 'shop.example.com', provider: 'launchdarkly', project: 'shop', environment: 'production', token: typed });
    await model.saveSite();
  }
  const storedLocal = () => fakeBrowser.storage.local.get(null) as Promise<Record<string, unknown>>;

  it('stores a typed token in the secrets store, never in the configuration', async () => {
    await startModel();
    await addLaunchDarklySite(` ${token} `);
    const local = await storedLocal();
    expect(local[SECRETS_KEY]).toEqual({ shop: { catalogue: token, 'catalogue@origin': LD_ORIGIN } });
    expect(JSON.stringify(local.config)).not.toContain(token);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('a Vercel app\'s FLAGS_SECRET: named so, checked at Save (a wrong one stores nothing), stored for the app\'s origin', async () => {
    await startModel();
    model.startAdd();
    model.updateForm({ name: 'Shop', hosts: 'shop.example.com', provider: 'vercel', baseUrl: 'https://shop.example.com', token: 'not-the-secret' });
    const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
    Object.assign(globalThis, { document });
    render(h(SiteEditorForm, { model, editor: model.editor.value! }), document.getElementById('app')!);
    expect(document.querySelector('label[for="site-token"]')?.textContent).toContain('FLAGS_SECRET');
    expect(document.getElementById('site-token-hint')?.textContent).toMatch(/not a read-only token: whoever holds it can read the flag definitions and decrypt and forge flag overrides/);
    await model.saveSite();
    expect(model.editor.value?.errors.token).toMatch(/^The FLAGS_SECRET decodes to 10 bytes; the Flags SDK wants exactly 32/);
    expect(await storedSites()).toEqual([]);
    expect((await storedLocal())[SECRETS_KEY]).toBeUndefined();

    const secret = 'qM8mkeuZ1ETzH2rIfBVXrHTV1YYM6t0USpJ2RtKHv5s';
    model.updateForm({ token: secret });
    await model.saveSite();
    expect(model.editor.value).toBeUndefined();
    expect((await storedLocal())[SECRETS_KEY]).toEqual({ shop: { catalogue: secret, 'catalogue@origin': 'https://shop.example.com' } });
  });

  it('shows only the end of a stored token; Replace swaps it, Remove deletes it on Save', async () => {
    await store().save({ version: 1, sites: [ldSite] });
    await secrets().set('shop', 'catalogue', token, LD_ORIGIN);
    await startModel();
    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.storedToken).toBe('wxyz'));
    expect(JSON.stringify(model.editor.value)).not.toContain(token);

    model.setTokenAction('replace');
    model.updateForm({ token: 'new-token-000000000' });
    await model.saveSite();
    expect(await secrets().get('shop', 'catalogue')).toBe('new-token-000000000');

    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.storedToken).toBe('0000'));
    model.setTokenAction('remove');
    await model.saveSite();
    expect(await secrets().get('shop', 'catalogue')).toBeUndefined();
  });

  it('shows nothing of a short token, and keeps a stored token when saved untouched', async () => {
    await store().save({ version: 1, sites: [ldSite] });
    await secrets().set('shop', 'catalogue', 'short1', LD_ORIGIN);
    await startModel();
    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.storedToken).toBe(''));
    model.updateForm({ name: 'Web shop' });
    await model.saveSite();
    expect(await secrets().get('shop', 'catalogue')).toBe('short1');
  });

  it('drops a stored token when the site moves to another provider, unless the person keeps it', async () => {
    await store().save({ version: 1, sites: [ldSite] });
    await secrets().set('shop', 'catalogue', token, LD_ORIGIN);
    await startModel();
    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.storedToken).toBe('wxyz'));
    model.setTokenAction('replace');
    model.updateForm({ token: 'typed-for-launchdarkly' });
    model.updateForm({ provider: 'posthog', project: '7' });
    expect(model.editor.value).toMatchObject({ tokenAction: 'remove', form: { token: '' } });
    await model.saveSite();
    expect(await secrets().get('shop', 'catalogue')).toBeUndefined();
  });

  it('forgets a removed site\'s token, and Undo brings it back', async () => {
    await store().save({ version: 1, sites: [ldSite] });
    await secrets().set('shop', 'catalogue', token, LD_ORIGIN);
    await startModel();
    await model.removeSite('shop');
    expect(await secrets().all()).toEqual({});
    await model.undoRemove();
    expect(await secrets().get('shop', 'catalogue')).toBe(token);
  });

  it('gives a new site no token left behind by an earlier site with the same id', async () => {
    await secrets().set('shop', 'catalogue', 'left-over-token-1234', LD_ORIGIN);
    await startModel();
    await addLaunchDarklySite('');
    expect(await secrets().get('shop', 'catalogue')).toBeUndefined();
  });
});

describe('options model: Test connection', () => {
  const fillLaunchDarkly = (token = 'typed-token-1234567') => {
    model.startAdd();
    model.updateForm({ name: 'Shop', hosts: 'shop.example.com', provider: 'launchdarkly', project: 'shop', environment: 'production', token });
  };

  it('asks for the provider\'s and the site\'s hosts within the click, then shows what the background found', async () => {
    await startModel();
    fillLaunchDarkly();
    const testing = model.testConnection();
    expect(permissions.request).toHaveBeenCalledWith(['http://shop.example.com/*', 'https://app.launchdarkly.com/*', 'https://shop.example.com/*', 'ws://shop.example.com/*', 'wss://shop.example.com/*']);
    expect(model.editor.value?.testing).toBe(true);
    await testing;
    expect(client.sent).toEqual([{
      type: 'connection/test',
      data: {
        site: expect.objectContaining({ id: 'shop', catalogue: { provider: 'launchdarkly', baseUrl: 'https://app.launchdarkly.com', project: 'shop', environment: 'production' } }),
        token: 'typed-token-1234567',
      },
    }]);
    expect(model.editor.value).toMatchObject({ testing: false, connection: { ok: true, flagCount: 3 } });
    // Nothing was saved by testing.
    expect(await storedSites()).toEqual([]);
    expect(await secrets().all()).toEqual({});
  });

  it('says which host it needs when access is refused, and does not ask the background', async () => {
    await startModel();
    permissions.answer = false;
    fillLaunchDarkly();
    await model.testConnection();
    expect(model.editor.value?.connection).toEqual({ ok: false, message: 'Flagtab needs access to app.launchdarkly.com to reach LaunchDarkly' });
    expect(client.sent).toEqual([]);
  });

  it('uses the stored token when none is typed, and none after Remove', async () => {
    await store().save({ version: 1, sites: [{ ...shop, catalogue: { provider: 'launchdarkly', project: 'shop', environment: 'production' } }] });
    await secrets().set('shop', 'catalogue', 'stored-token-123456', LD_ORIGIN);
    await startModel();
    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.tokenLoading).toBe(false));
    await model.testConnection();
    expect(client.sent[0]?.data).not.toHaveProperty('token');
    model.setTokenAction('remove');
    await model.testConnection();
    expect(model.editor.value?.connection).toEqual({ ok: false, message: expect.stringMatching(/^LaunchDarkly needs a token\. An API access token with the Reader role/) });
    expect(client.sent).toHaveLength(1);
  });

  it('shows the diagnosis of a failure, and a background that did not answer', async () => {
    await startModel();
    fillLaunchDarkly();
    client.answer = { ok: false, message: 'LaunchDarkly rejected the token (401).' };
    await model.testConnection();
    expect(model.editor.value?.connection).toEqual({ ok: false, message: 'LaunchDarkly rejected the token (401).' });
    client.answer = new Error('Flagtab\'s background did not answer: reload the extension and try again.');
    await model.testConnection();
    expect(model.editor.value?.connection).toEqual({ ok: false, message: expect.stringContaining('did not answer') });
    // A changed field makes the old result stale.
    model.updateForm({ environment: 'staging' });
    expect(model.editor.value?.connection).toBeUndefined();
  });

  it('marks the fields to fix first, and asks for nothing', async () => {
    await startModel();
    model.startAdd('shop.example.com');
    model.updateForm({ name: 'Shop', provider: 'posthog', project: 'my project' });
    await model.testConnection();
    expect(model.editor.value?.errors).toEqual({ project: 'must be the numeric project id (Settings → Project)' });
    expect(permissions.request).not.toHaveBeenCalled();
    expect(client.sent).toEqual([]);
  });
});

describe('options model: tokens in import and export', () => {
  const ldSite: SiteInput = { ...shop, catalogue: { provider: 'launchdarkly', project: 'shop', environment: 'production' } };
  const blog: SiteInput = { id: 'blog', name: 'Blog', hosts: ['blog.example.com'], catalogue: { provider: 'flags-file', inline: '["x"]' } };

  async function exported(): Promise<Record<string, unknown>> {
    await model.exportConfig();
    const [, text] = download.mock.calls.at(-1)!;
    return JSON.parse(text) as Record<string, unknown>;
  }

  it('leaves tokens out of an export unless asked to include them', async () => {
    await store().save({ version: 1, sites: [ldSite, blog] });
    await secrets().set('shop', 'catalogue', 'secret-token-123456', LD_ORIGIN);
    await secrets().set('gone', 'catalogue', 'token-of-no-site-here', LD_ORIGIN);
    await startModel();
    const plain = await exported();
    expect(plain).not.toHaveProperty('secrets');
    expect(JSON.stringify(plain)).not.toContain('secret-token');

    model.includeTokens.value = true;
    const withTokens = await exported();
    expect(withTokens.secrets).toEqual({ shop: { catalogue: 'secret-token-123456' } });
    expect(download.mock.calls.at(-1)?.[0]).toBe('flagtab-config-with-tokens.json');
  });

  it('a file that points a site\'s catalogue at another address: the stored token is withheld there until the person confirms both addresses', async () => {
    await store().save({ version: 1, sites: [ldSite] });
    await secrets().set('shop', 'catalogue', 'kept-token-123456', LD_ORIGIN);
    await startModel();
    const moved = { ...ldSite, catalogue: { provider: 'launchdarkly', baseUrl: 'https://ld.elsewhere.example', project: 'shop', environment: 'production' } };
    model.pastedConfig.value = configFile([moved as SiteInput]);
    await model.importPasted();
    expect(await secrets().tokenFor('shop', 'catalogue', 'https://ld.elsewhere.example')).toEqual({ savedFor: LD_ORIGIN });

    // Any later Save (here the expiry) leaves it withheld, and says so.
    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.tokenLoading).toBe(false));
    expect(model.tokenMove('catalogue')).toEqual({ slot: 'catalogue', from: LD_ORIGIN, to: 'https://ld.elsewhere.example', confirmed: false });
    model.updateForm({ expiryHours: '3' });
    await model.saveSite();
    expect(model.notice.value).toMatch(/its token stays saved for https:\/\/app\.launchdarkly\.com and is not sent to https:\/\/ld\.elsewhere\.example/);
    expect(await secrets().tokenFor('shop', 'catalogue', 'https://ld.elsewhere.example')).toEqual({ savedFor: LD_ORIGIN });

    // Only the explicit confirmation re-binds it.
    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.tokenLoading).toBe(false));
    model.confirmTokenMove('catalogue', 'https://ld.elsewhere.example');
    await model.saveSite();
    expect(await secrets().tokenFor('shop', 'catalogue', 'https://ld.elsewhere.example')).toEqual({ token: 'kept-token-123456' });
  });

  it('stores the tokens an imported file carries', async () => {
    await startModel();
    model.pastedConfig.value = JSON.stringify({ format: 'flagtab-config', version: 1, sites: [ldSite, blog], secrets: { shop: { catalogue: 'from-file-token-1234' } } });
    await model.importPasted();
    expect(model.importNotice.value).toBe('Imported 2 sites and 1 token');
    expect(await secrets().all()).toEqual({ shop: { catalogue: 'from-file-token-1234', 'catalogue@origin': LD_ORIGIN } });
  });

  it('keeps stored tokens of the sites a file without tokens keeps, and forgets those of sites it drops', async () => {
    await store().save({ version: 1, sites: [ldSite, blog] });
    await secrets().set('shop', 'catalogue', 'kept-token-123456', LD_ORIGIN);
    await secrets().set('blog', 'catalogue', 'dropped-token-1234', LD_ORIGIN);
    await startModel();
    model.pastedConfig.value = configFile([ldSite]);
    await model.importPasted();
    expect(model.importNotice.value).toBe('Imported 1 site');
    expect(await secrets().all()).toEqual({ shop: { catalogue: 'kept-token-123456', 'catalogue@origin': LD_ORIGIN } });
  });

  it('refuses a file whose tokens name a site it does not have, and stores nothing', async () => {
    await startModel();
    model.pastedConfig.value = JSON.stringify({ format: 'flagtab-config', version: 1, sites: [blog], secrets: { shop: { catalogue: 'x-token' } } });
    await model.importPasted();
    expect(model.importError.value).toMatch(/^Pasted configuration: secrets\.shop: no site in this file has the id "shop"/);
    expect(await secrets().all()).toEqual({});
    expect(await storedSites()).toEqual([]);
  });
});
