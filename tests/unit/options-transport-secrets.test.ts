import { randomBytes } from 'node:crypto';
import { fakeBrowser } from '@webext-core/fake-browser';
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createOptionsModel, type OptionsDeps, type OptionsModel } from '../../components/options/options-model';
import { SiteEditorForm } from '../../components/options/SiteEditorForm';
import type { SiteInput } from '../../lib/config/schema';
import { exportConfigFile } from '../../lib/config/file';
import { createConfigStore } from '../../lib/config/store';
import type { HostPermissions } from '../../lib/permissions';
import { SECRETS_KEY, createSecretsStore, hostsBinding } from '../../lib/secrets/store';
import { loadedOptionsParts } from './support/options-parts';

/**
 * The site form's transport secrets (the Vercel cookie's FLAGS_SECRET, slot "transport:vercel",
 * bound to the site's hosts): typed, checked and stored at Save, shown by their end only,
 * replaced or removed — on fakeBrowser storage, with host permissions and the background faked.
 */

const SECRET = randomBytes(32).toString('base64url');
const SLOT = 'transport:vercel';
const shop: SiteInput = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' } };

function fakePermissions() {
  const granted = new Set<string>();
  return {
    request: vi.fn((origins: string[]) => (origins.forEach((o) => granted.add(o)), Promise.resolve(true))),
    contains: (origins: string[]) => Promise.resolve(origins.every((o) => granted.has(o))),
    onRemoved: () => () => undefined,
  } satisfies HostPermissions & Record<string, unknown>;
}

let model: OptionsModel;
let permissions: ReturnType<typeof fakePermissions>;
const store = () => createConfigStore(fakeBrowser.storage.local);
const secrets = () => createSecretsStore(fakeBrowser.storage.local);
const client = { request: () => Promise.resolve({ ok: true }) } as unknown as OptionsDeps['client'];

async function startModel() {
  model = createOptionsModel({ store: store(), permissions, secrets: secrets(), client, download: () => undefined, parts: loadedOptionsParts() });
  model.start();
  await vi.waitFor(() => expect(model.loading.value).toBe(false));
}

/** The form as drawn now, for what the person sees of the secret. */
function drawn() {
  const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  Object.assign(globalThis, { document });
  render(h(SiteEditorForm, { model, editor: model.editor.value! }), document.getElementById('app')!);
  return document;
}

function addShop(secret: string) {
  model.startAdd();
  const { transports } = model.editor.value!.form;
  model.updateForm({ provider: 'flags-file', name: 'Shop', hosts: 'shop.example.com', catalogueUrl: 'https://flags.example.com/flags.json', transports: { ...transports, vercel: { ...transports.vercel, enabled: true } } });
  model.typeTransportSecret('vercel', secret);
  return model.saveSite();
}

beforeEach(() => {
  fakeBrowser.reset();
  permissions = fakePermissions();
});

describe('options model: transport secrets', () => {
  it('draws a password field with Show under a transport that takes a secret once it is on, saying what it unlocks', async () => {
    await startModel();
    model.startAdd();
    model.updateForm({ provider: 'flags-file' });
    let document = drawn();
    // Off, a transport shows its switch and what it is for, not its settings.
    expect(document.querySelectorAll('[id$="-secret"]').length).toBe(0);
    expect(document.getElementById('site-transport-vercel-enabled-hint')?.textContent).toMatch(/FLAGS_SECRET/);
    const { transports } = model.editor.value!.form;
    model.updateForm({ transports: { ...transports, vercel: { ...transports.vercel, enabled: true }, eppo: { ...transports.eppo, enabled: true } } });
    document = drawn();
    const input = document.getElementById('site-transport-vercel-secret')!;
    expect(input.getAttribute('type')).toBe('password');
    expect(document.querySelector('label[for="site-transport-vercel-secret"]')?.textContent).toBe('FLAGS_SECRET');
    expect(document.getElementById('site-transport-vercel-secret-hint')?.textContent).toMatch(/forge overrides for every user.*never synced, never exported/);
    // Only the transports that take one: the Vercel cookie's FLAGS_SECRET and Eppo's key.
    expect([...document.querySelectorAll('[id$="-secret"]')].map((e) => e.id).sort()).toEqual(['site-transport-eppo-secret', 'site-transport-vercel-secret']);
    model.toggleTransportSecretVisible('vercel');
    document = drawn();
    expect(document.getElementById('site-transport-vercel-secret')!.getAttribute('type')).toBe('text');
  });

  it('stores a typed FLAGS_SECRET in its slot, bound to the site\'s hosts, never in the configuration', async () => {
    await startModel();
    await addShop(` ${SECRET} `);
    expect(model.editor.value).toBeUndefined();
    const local = await fakeBrowser.storage.local.get(null) as Record<string, unknown>;
    expect(local[SECRETS_KEY]).toEqual({ shop: { [SLOT]: SECRET, [`${SLOT}@origin`]: hostsBinding(['shop.example.com']) } });
    expect(JSON.stringify(local.config)).not.toContain(SECRET);
    expect(await secrets().tokenFor('shop', SLOT, hostsBinding(['SHOP.example.com']))).toEqual({ token: SECRET });
  });

  it('refuses a secret that is not a FLAGS_SECRET at Save, beside the field, and saves nothing', async () => {
    await startModel();
    await addShop('hunter2');
    const editor = model.editor.value!;
    expect(editor.errors['transports.vercel.secret']).toMatch(/^The FLAGS_SECRET (decodes to \d+ bytes|is not base64url)/);
    expect(editor.error).toBe('Fix the fields marked below; nothing was saved');
    expect(permissions.request).not.toHaveBeenCalled();
    expect(await store().load()).toMatchObject({ ok: true, config: { sites: [] } });
    expect(await secrets().all()).toEqual({});
    expect(drawn().getElementById('site-transport-vercel-secret-error')?.textContent).toMatch(/FLAGS_SECRET/);
    // Typing again clears the error.
    model.typeTransportSecret('vercel', SECRET);
    expect(model.editor.value!.errors['transports.vercel.secret']).toBeUndefined();
  });

  it('shows only the end of a stored secret; Replace swaps it, Remove deletes it on Save', async () => {
    await store().save({ version: 1, sites: [shop] });
    await secrets().set('shop', SLOT, SECRET, hostsBinding(shop.hosts));
    await startModel();
    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.transportSecrets.vercel?.stored).toBe(SECRET.slice(-4)));
    expect(JSON.stringify(model.editor.value)).not.toContain(SECRET);
    let document = drawn();
    expect(document.getElementById('site-transport-vercel-secret')).toBeNull();
    expect(document.getElementById('site-transport-vercel-secret-state')?.textContent).toBe(`FLAGS_SECRET stored (…${SECRET.slice(-4)}).`);
    expect(document.body.innerHTML).not.toContain(SECRET);

    const next = randomBytes(32).toString('base64url');
    model.setTransportSecretAction('vercel', 'replace');
    document = drawn();
    expect(document.getElementById('site-transport-vercel-secret')?.getAttribute('type')).toBe('password');
    model.typeTransportSecret('vercel', next);
    await model.saveSite();
    expect(await secrets().get('shop', SLOT)).toBe(next);

    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.transportSecrets.vercel?.stored).toBe(next.slice(-4)));
    model.setTransportSecretAction('vercel', 'remove');
    await model.saveSite();
    expect(await secrets().get('shop', SLOT)).toBeUndefined();
  });

  it('binds a kept secret to the hosts the site is saved with; a new site starts with none', async () => {
    await store().save({ version: 1, sites: [shop] });
    await secrets().set('shop', SLOT, SECRET, hostsBinding(['old.example.com']));
    await startModel();
    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.transportSecrets.vercel?.stored).toBeDefined());
    model.updateForm({ hosts: 'shop.example.com\nwww.shop.example.com' });
    await model.saveSite();
    expect(await secrets().tokenFor('shop', SLOT, hostsBinding(['www.shop.example.com', 'shop.example.com']))).toEqual({ token: SECRET });

    // A site added under an id whose secret an earlier site left behind does not inherit it.
    await secrets().set('blog', SLOT, SECRET, hostsBinding(['blog.example.com']));
    model.startAdd();
    model.updateForm({ provider: 'flags-file', name: 'Blog', hosts: 'blog.example.com', catalogueUrl: 'https://flags.example.com/flags.json' });
    await model.saveSite();
    expect(await secrets().get('blog', SLOT)).toBeUndefined();
  });

  it('is never exported, not even in a file with tokens', async () => {
    await startModel();
    await addShop(SECRET);
    await secrets().set('shop', 'catalogue', 'catalogue-token-0000', 'https://flags.example.com');
    const loaded = await store().load();
    if (!loaded.ok) throw new Error(loaded.error);
    const file = exportConfigFile(loaded.config, await secrets().all());
    expect(file).toContain('catalogue-token-0000');
    expect(file).not.toContain(SECRET);
  });
});
