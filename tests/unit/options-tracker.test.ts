import { fakeBrowser } from '@webext-core/fake-browser';
import { build } from 'esbuild';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createOptionsModel, type OptionsDeps, type OptionsModel } from '../../components/options/options-model';
import { buildConfigJsonSchema } from '../../lib/config/json-schema';
import type { SiteInput } from '../../lib/config/schema';
import { createConfigStore } from '../../lib/config/store';
import type { SiteForm } from '../../lib/config/site-form';
import { TRACKER_FIELDS } from '../../lib/trackers/form';
import { TRACKER_IDS } from '../../lib/signoff/tracker';
import type { TrackerCheck } from '../../lib/signoff/view';
import type { HostPermissions } from '../../lib/permissions';
import { SECRETS_KEY, createSecretsStore } from '../../lib/secrets/store';
import { loadedOptionsParts } from './support/options-parts';

/**
 * The options page's "QA sign-offs" fieldset: where a site's sign-offs go, the tracker's token
 * (slot "tracker", bound to the tracker's origin), host access for it, and "Test sign-off
 * connection" — on fakeBrowser storage, with host permissions and the background faked.
 */

const JIRA = 'https://acme.atlassian.net';
const TOKEN = 'ATATT3xFfGF0-jira-token-9f3c';

/** Host permissions that answer like the browser: granted origins are remembered. */
function fakePermissions() {
  const granted = new Set<string>();
  const fake = {
    granted,
    answer: true,
    request: vi.fn((origins: string[]): Promise<boolean> => {
      if (fake.answer) origins.forEach((o) => granted.add(o));
      return Promise.resolve(fake.answer);
    }),
    contains: (origins: string[]) => Promise.resolve(origins.every((o) => granted.has(o))),
    onRemoved: () => () => undefined,
  } satisfies HostPermissions & Record<string, unknown>;
  return fake;
}

/** The background as "Test sign-off connection" meets it: answers, and keeps what it was sent. */
function fakeClient() {
  const fake = {
    answer: { ok: true, message: 'Connected to Jira Cloud as Jane Doe (jane@acme.example).' } as TrackerCheck | Error,
    sent: [] as { type: string; data: unknown }[],
    request(type: string, data: unknown): Promise<unknown> {
      fake.sent.push({ type, data });
      return fake.answer instanceof Error ? Promise.reject(fake.answer) : Promise.resolve(fake.answer);
    },
  };
  return fake;
}

const shop: SiteInput = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' } };
const jiraShop: SiteInput = { ...shop, tracker: { tracker: 'jira-cloud', baseUrl: JIRA, email: 'jane@acme.example' } };
const shopOrigins = ['http://shop.example.com/*', 'https://flags.example.com/*', 'https://shop.example.com/*', 'ws://shop.example.com/*', 'wss://shop.example.com/*'];
const blogOrigins = ['http://blog.example.com/*', 'https://blog.example.com/*', 'ws://blog.example.com/*', 'wss://blog.example.com/*'];
const LINEAR_ORIGINS = ['https://api.linear.app/*', 'https://uploads.linear.app/*'];
const linearShop: SiteInput = { ...shop, tracker: { tracker: 'linear', apiUrl: 'https://api.linear.app' } };

let permissions: ReturnType<typeof fakePermissions>;
let client: ReturnType<typeof fakeClient>;
let model: OptionsModel;
const store = () => createConfigStore(fakeBrowser.storage.local);
const secrets = () => createSecretsStore(fakeBrowser.storage.local);

/** The files the page downloaded, newest last. */
let downloads: { filename: string; text: string }[];

async function startModel() {
  const download = (filename: string, text: string) => void downloads.push({ filename, text });
  const deps: OptionsDeps = { store: store(), permissions, secrets: secrets(), client: client as OptionsDeps['client'], download, parts: loadedOptionsParts() };
  model = createOptionsModel(deps);
  model.start();
  await vi.waitFor(() => expect(model.loading.value).toBe(false));
}

async function storedSites() {
  const loaded = await store().load();
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.config.sites;
}

/** The Add form for Shop with Jira Cloud chosen and `fields` typed. */
function addWithJira(fields: Partial<SiteForm> = {}) {
  model.startAdd('shop.example.com');
  model.updateForm({ provider: 'flags-file', name: 'Shop', catalogueUrl: 'https://flags.example.com/flags.json' });
  model.updateForm({ trackerKind: 'jira-cloud' });
  model.updateForm({ trackerUrl: `${JIRA}/`, trackerEmail: ' jane@acme.example ', trackerToken: ` ${TOKEN} `, ...fields });
}

async function editShop(site: SiteInput, token?: { value: string; origin: string }) {
  await store().save({ version: 1, sites: [site] });
  if (token) await secrets().set('shop', 'tracker', token.value, token.origin);
  await startModel();
  model.startEdit('shop');
  await vi.waitFor(() => expect(model.editor.value?.tokenLoading).toBe(false));
}

beforeEach(() => {
  fakeBrowser.reset();
  permissions = fakePermissions();
  client = fakeClient();
  downloads = [];
});

describe('options: where sign-offs go', () => {
  it('saves Jira Cloud: the tracker in the site, its token in the "tracker" slot bound to Jira, access asked for within the click', async () => {
    await startModel();
    addWithJira();
    const saving = model.saveSite();
    expect(permissions.request).toHaveBeenCalledWith([...shopOrigins, `${JIRA}/*`].sort());
    await saving;

    expect(model.notice.value).toMatch(/^Saved "Shop"\. Next: open shop\.example\.com in a tab/);
    expect((await storedSites())[0]?.tracker).toEqual({ tracker: 'jira-cloud', baseUrl: JIRA, email: 'jane@acme.example' });
    const local = (await fakeBrowser.storage.local.get(null)) as Record<string, unknown>;
    expect(local[SECRETS_KEY]).toEqual({ shop: { tracker: TOKEN, 'tracker@origin': JIRA } });
    expect(JSON.stringify(local.config)).not.toContain(TOKEN);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('refuses a bad e-mail and a bad address next to their fields, and saves and asks for nothing', async () => {
    await startModel();
    addWithJira({ trackerUrl: 'acme.atlassian.net', trackerEmail: 'jane' });
    await model.saveSite();
    expect(model.editor.value?.errors).toEqual({
      trackerUrl: 'must be an http:// or https:// URL, like "https://acme.atlassian.net"',
      trackerEmail: 'must be the e-mail address of the Atlassian account the API token belongs to',
    });
    expect(permissions.request).not.toHaveBeenCalled();
    expect(await storedSites()).toEqual([]);
    expect(await secrets().all()).toEqual({});
    // Fixing a field clears its error.
    model.updateForm({ trackerEmail: 'jane@acme.example' });
    expect(model.editor.value?.errors).toEqual({ trackerUrl: expect.any(String) });
  });

  it('prefills each tracker\'s cloud address, and gives back an address the person typed on switching back', async () => {
    await startModel();
    model.startAdd();
    const urlFor = (trackerKind: SiteForm['trackerKind']) => {
      model.updateForm({ trackerKind });
      return model.editor.value?.form.trackerUrl;
    };
    expect(urlFor('github')).toBe('https://api.github.com');
    expect(urlFor('gitlab')).toBe('https://gitlab.com');
    expect(urlFor('linear')).toBe('https://api.linear.app');
    expect(urlFor('azure-devops')).toBe('https://dev.azure.com');
    expect(urlFor('jira-cloud')).toBe('');
    model.updateForm({ trackerUrl: 'https://jira.acme.example' });
    // A Jira address means nothing to another tracker…
    expect(urlFor('jira-dc')).toBe('');
    expect(urlFor('none')).toBe('');
    // …and is back when Jira Cloud is.
    expect(urlFor('jira-cloud')).toBe('https://jira.acme.example');
  });

  it('saves every tracker from its fields, and editing shows them again', async () => {
    const cases: [Partial<SiteForm>, SiteInput['tracker']][] = [
      [{ trackerKind: 'jira-dc', trackerUrl: 'https://jira.acme.example/jira' }, { tracker: 'jira-dc', baseUrl: 'https://jira.acme.example/jira' }],
      [{ trackerKind: 'github', trackerRepo: 'acme/shop' }, { tracker: 'github', apiUrl: 'https://api.github.com', repo: 'acme/shop' }],
      [{ trackerKind: 'gitlab' }, { tracker: 'gitlab', baseUrl: 'https://gitlab.com' }],
      [{ trackerKind: 'linear' }, { tracker: 'linear', apiUrl: 'https://api.linear.app' }],
      [{ trackerKind: 'azure-devops', trackerOrganization: 'acme', trackerProject: 'Shop' }, { tracker: 'azure-devops', baseUrl: 'https://dev.azure.com', organization: 'acme', project: 'Shop' }],
    ];
    await store().save({ version: 1, sites: [shop] });
    await startModel();
    for (const [fields, tracker] of cases) {
      model.startEdit('shop');
      model.updateForm({ trackerKind: fields.trackerKind });
      model.updateForm(fields);
      await model.saveSite();
      expect(model.editor.value?.errors, fields.trackerKind).toBeUndefined();
      expect((await storedSites())[0]?.tracker).toEqual(tracker);
      model.startEdit('shop');
      expect(model.editor.value?.form).toMatchObject(fields);
    }
  });

  it('choosing None removes the tracker and forgets its token', async () => {
    await editShop(jiraShop, { value: TOKEN, origin: JIRA });
    await secrets().set('shop', 'catalogue', 'catalogue-token-1234', 'https://flags.example.com');
    model.updateForm({ trackerKind: 'none' });
    await model.saveSite();
    expect((await storedSites())[0]).not.toHaveProperty('tracker');
    expect(await secrets().all()).toEqual({ shop: { catalogue: 'catalogue-token-1234', 'catalogue@origin': 'https://flags.example.com' } });
  });

  it('a removed site forgets its tracker token too, and Undo brings it back bound as it was', async () => {
    await editShop(jiraShop, { value: TOKEN, origin: JIRA });
    await model.removeSite('shop');
    expect(await secrets().all()).toEqual({});
    await model.undoRemove();
    expect(await secrets().tokenFor('shop', 'tracker', JIRA)).toEqual({ token: TOKEN });
  });
});

describe('options: the tracker\'s token', () => {
  it('shows only the end of a stored token; Keep keeps it, Replace swaps it, Remove deletes it on Save', async () => {
    await editShop(jiraShop, { value: TOKEN, origin: JIRA });
    expect(model.editor.value?.trackerToken).toEqual({ stored: '9f3c', action: 'keep', show: false });
    expect(JSON.stringify(model.editor.value)).not.toContain(TOKEN);

    model.updateForm({ name: 'Web shop' });
    await model.saveSite();
    expect(await secrets().tokenFor('shop', 'tracker', JIRA)).toEqual({ token: TOKEN });

    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.trackerToken.stored).toBe('9f3c'));
    model.setTokenAction('replace', 'tracker');
    model.updateForm({ trackerToken: 'replacement-token-0000' });
    await model.saveSite();
    expect(await secrets().tokenFor('shop', 'tracker', JIRA)).toEqual({ token: 'replacement-token-0000' });

    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.trackerToken.stored).toBe('0000'));
    model.setTokenAction('remove', 'tracker');
    // The catalogue's token is its own business.
    expect(model.editor.value?.tokenAction).toBe('keep');
    await model.saveSite();
    expect(await secrets().get('shop', 'tracker')).toBeUndefined();
  });

  it('a kept token does not follow the tracker to a new address unless the person confirms both addresses', async () => {
    await editShop(jiraShop, { value: TOKEN, origin: JIRA });
    expect(model.tokenMove('tracker')).toBeUndefined();
    model.updateForm({ trackerUrl: 'https://acme-eu.atlassian.net' });
    expect(model.tokenMove('tracker')).toEqual({ slot: 'tracker', from: JIRA, to: 'https://acme-eu.atlassian.net', confirmed: false });
    const saving = model.saveSite();
    expect(permissions.request).toHaveBeenCalledWith(expect.arrayContaining(['https://acme-eu.atlassian.net/*']));
    await saving;
    // Saved without the confirmation: the token stays where it was saved, and the notice says so.
    expect(await secrets().tokenFor('shop', 'tracker', 'https://acme-eu.atlassian.net')).toEqual({ savedFor: JIRA });
    expect(model.notice.value).toMatch(new RegExp(`its sign-off token stays saved for ${JIRA} and is not sent to https://acme-eu\\.atlassian\\.net: edit the site and confirm`));

    model.startEdit('shop');
    await vi.waitFor(() => expect(model.editor.value?.tokenLoading).toBe(false));
    const move = model.tokenMove('tracker')!;
    expect(move).toMatchObject({ from: JIRA, to: 'https://acme-eu.atlassian.net', confirmed: false });
    model.confirmTokenMove('tracker', move.to);
    expect(model.tokenMove('tracker')?.confirmed).toBe(true);
    await model.saveSite();
    expect(await secrets().tokenFor('shop', 'tracker', 'https://acme-eu.atlassian.net')).toEqual({ token: TOKEN });
  });

  it('an imported file that points the tracker elsewhere: a later Save of anything else (the expiry) keeps the token withheld', async () => {
    await editShop({ ...jiraShop, tracker: { tracker: 'jira-cloud', baseUrl: 'https://evil.atlassian.net', email: 'po@acme.example' } }, { value: TOKEN, origin: JIRA });
    expect(model.tokenMove('tracker')).toEqual({ slot: 'tracker', from: JIRA, to: 'https://evil.atlassian.net', confirmed: false });
    model.updateForm({ expiryHours: '2' });
    await model.saveSite();
    expect((await storedSites())[0]?.expiryMinutes).toBe(120);
    expect(await secrets().tokenFor('shop', 'tracker', 'https://evil.atlassian.net')).toEqual({ savedFor: JIRA });
  });

  it('a confirmation is for the address it named: changing the address again asks again', async () => {
    await editShop(jiraShop, { value: TOKEN, origin: JIRA });
    model.updateForm({ trackerUrl: 'https://acme-eu.atlassian.net' });
    model.confirmTokenMove('tracker', 'https://acme-eu.atlassian.net');
    model.updateForm({ trackerUrl: 'https://acme-us.atlassian.net' });
    expect(model.tokenMove('tracker')).toMatchObject({ to: 'https://acme-us.atlassian.net', confirmed: false });
    await model.saveSite();
    expect(await secrets().tokenFor('shop', 'tracker', 'https://acme-us.atlassian.net')).toEqual({ savedFor: JIRA });
  });

  it('another tracker drops the stored and the typed token: a Jira token never goes to GitHub', async () => {
    await editShop(jiraShop, { value: TOKEN, origin: JIRA });
    model.setTokenAction('replace', 'tracker');
    model.updateForm({ trackerToken: 'typed-for-jira-000000' });
    model.updateForm({ trackerKind: 'github' });
    expect(model.editor.value).toMatchObject({ trackerToken: { action: 'remove' }, form: { trackerToken: '', trackerUrl: 'https://api.github.com' } });
    await model.saveSite();
    expect((await storedSites())[0]?.tracker).toEqual({ tracker: 'github', apiUrl: 'https://api.github.com' });
    expect(await secrets().get('shop', 'tracker')).toBeUndefined();
  });

  it('gives a new site no tracker token left behind by an earlier site with the same id', async () => {
    await secrets().set('shop', 'tracker', 'left-over-token-1234', JIRA);
    await startModel();
    addWithJira({ trackerToken: '' });
    await model.saveSite();
    expect(await secrets().get('shop', 'tracker')).toBeUndefined();
  });
});

describe('options: Test sign-off connection', () => {
  it('asks for the tracker\'s host within the click, sends the site as the form has it with the typed token, and shows the answer', async () => {
    await startModel();
    addWithJira();
    const testing = model.testTracker();
    expect(permissions.request).toHaveBeenCalledWith([`${JIRA}/*`]);
    expect(model.editor.value?.trackerTesting).toBe(true);
    await testing;
    expect(client.sent).toEqual([{
      type: 'tracker/test',
      data: { site: expect.objectContaining({ id: 'shop', tracker: { tracker: 'jira-cloud', baseUrl: JIRA, email: 'jane@acme.example' } }), token: TOKEN },
    }]);
    expect(model.editor.value).toMatchObject({ trackerTesting: false, trackerCheck: { ok: true, message: 'Connected to Jira Cloud as Jane Doe (jane@acme.example).' } });
    // Testing saves nothing; a changed field makes the answer stale.
    expect(await storedSites()).toEqual([]);
    expect(await secrets().all()).toEqual({});
    model.updateForm({ trackerEmail: 'john@acme.example' });
    expect(model.editor.value?.trackerCheck).toBeUndefined();
  });

  it('uses the stored token when none is typed; after Remove it says which token to create and asks nobody', async () => {
    await editShop(jiraShop, { value: TOKEN, origin: JIRA });
    await model.testTracker();
    expect(client.sent).toHaveLength(1);
    expect(client.sent[0]?.data).not.toHaveProperty('token');
    model.setTokenAction('remove', 'tracker');
    await model.testTracker();
    expect(model.editor.value?.trackerCheck).toEqual({ ok: false, message: expect.stringMatching(/^Jira Cloud needs a token: enter the Jira Cloud API token\. An API token of the account above/) });
    expect(client.sent).toHaveLength(1);
  });

  it('shows a failure as the background words it, a refused host access, and a background that did not answer', async () => {
    await startModel();
    addWithJira();
    client.answer = { ok: false, message: 'The Jira Cloud token was rejected: it may have expired or been revoked; check the e-mail address in Settings, or create a new API token.' };
    await model.testTracker();
    expect(model.editor.value?.trackerCheck).toEqual(client.answer);
    client.answer = new Error('Flagtab\'s background did not answer: reload the extension and try again.');
    await model.testTracker();
    expect(model.editor.value?.trackerCheck).toEqual({ ok: false, message: expect.stringContaining('did not answer') });
    permissions.answer = false;
    await model.testTracker();
    expect(model.editor.value?.trackerCheck).toEqual({ ok: false, message: 'Flagtab needs access to acme.atlassian.net to reach Jira Cloud' });
    expect(client.sent).toHaveLength(2);
  });

  it('marks the tracker fields to fix first, and asks for nothing', async () => {
    await startModel();
    addWithJira({ trackerEmail: '' });
    await model.testTracker();
    expect(model.editor.value?.errors).toEqual({ trackerEmail: expect.stringContaining('must be the e-mail address') });
    expect(permissions.request).not.toHaveBeenCalled();
    expect(client.sent).toEqual([]);
  });
});

describe('options: host access for trackers', () => {
  it('asks on Save, within the click, for every host the tracker calls: Linear\'s API and upload host, Jira\'s own, none without a tracker', async () => {
    const cases: [Partial<SiteForm>, string[]][] = [
      [{ trackerKind: 'linear' }, LINEAR_ORIGINS],
      [{ trackerKind: 'jira-dc', trackerUrl: 'https://jira.acme.example:8443/jira' }, ['https://jira.acme.example/*']],
      [{ trackerKind: 'none' }, []],
    ];
    await startModel();
    for (const [fields, trackerOrigins] of cases) {
      permissions.request.mockClear();
      model.startAdd('shop.example.com');
      model.updateForm({ provider: 'flags-file', name: 'Shop', catalogueUrl: 'https://flags.example.com/flags.json' });
      model.updateForm({ trackerKind: fields.trackerKind });
      model.updateForm(fields);
      const saving = model.saveSite();
      expect(permissions.request.mock.calls, fields.trackerKind).toEqual([[[...shopOrigins, ...trackerOrigins].sort()]]);
      await saving;
      expect(model.notice.value, fields.trackerKind).toMatch(/^Saved "Shop"\. Next: /);
      await model.removeSite('shop');
    }
  });

  it('Test sign-off connection asks for Linear\'s upload host too, and names both hosts when refused', async () => {
    await startModel();
    model.startAdd('shop.example.com');
    model.updateForm({ provider: 'flags-file', name: 'Shop', catalogueUrl: 'https://flags.example.com/flags.json' });
    model.updateForm({ trackerKind: 'linear' });
    model.updateForm({ trackerToken: 'lin_api_0123456789abcdef' });
    permissions.answer = false;
    const testing = model.testTracker();
    expect(permissions.request).toHaveBeenCalledWith(LINEAR_ORIGINS);
    await testing;
    expect(model.editor.value?.trackerCheck).toEqual({ ok: false, message: 'Flagtab needs access to api.linear.app and uploads.linear.app to reach Linear' });
    expect(client.sent).toEqual([]);
  });

  it('marks a Linear site that cannot reach its upload host, and Grant access asks for it', async () => {
    await store().save({ version: 1, sites: [linearShop, { ...shop, id: 'blog', name: 'Blog', hosts: ['blog.example.com'] }] });
    [...shopOrigins, 'https://api.linear.app/*', ...blogOrigins].forEach((o) => permissions.granted.add(o));
    await startModel();
    await vi.waitFor(() => expect([...model.lacksAccess.value]).toEqual(['shop']));
    const granting = model.grantAccess('shop');
    expect(permissions.request).toHaveBeenCalledWith([...shopOrigins, ...LINEAR_ORIGINS].sort());
    await granting;
    expect(model.lacksAccess.value.size).toBe(0);
  });
});

describe('options: trackers in import and export', () => {
  it('asks for the trackers\' hosts along with the sites\' when importing', async () => {
    await startModel();
    model.pastedConfig.value = JSON.stringify({ format: 'flagtab-config', version: 1, sites: [jiraShop, { ...linearShop, id: 'blog', name: 'Blog', hosts: ['blog.example.com'] }] });
    const importing = model.importPasted();
    expect(permissions.request).toHaveBeenCalledWith([...shopOrigins, `${JIRA}/*`, ...blogOrigins, ...LINEAR_ORIGINS].sort());
    await importing;
    expect((await storedSites()).map((s) => s.tracker)).toEqual([jiraShop.tracker, linearShop.tracker]);
  });

  it('an export with tokens, imported into a fresh browser, binds each token to its own address again', async () => {
    const blog: SiteInput = { ...linearShop, id: 'blog', name: 'Blog', hosts: ['blog.example.com'], catalogue: { provider: 'flags-file', inline: '[]' } };
    await store().save({ version: 1, sites: [jiraShop, blog] });
    await secrets().set('shop', 'catalogue', 'catalogue-token-1234', 'https://flags.example.com');
    await secrets().set('shop', 'tracker', TOKEN, JIRA);
    await secrets().set('blog', 'tracker', 'lin_api_0123456789abcdef', 'https://api.linear.app');
    await startModel();
    model.includeTokens.value = true;
    await model.exportConfig();
    const { filename, text } = downloads.at(-1)!;
    expect(filename).toBe('flagtab-config-with-tokens.json');

    fakeBrowser.reset();
    permissions = fakePermissions();
    await startModel();
    model.pastedConfig.value = text;
    await model.importPasted();
    expect(model.importNotice.value).toBe('Imported 2 sites and 3 tokens');
    expect(await secrets().all()).toEqual({
      shop: { catalogue: 'catalogue-token-1234', 'catalogue@origin': 'https://flags.example.com', tracker: TOKEN, 'tracker@origin': JIRA },
      blog: { tracker: 'lin_api_0123456789abcdef', 'tracker@origin': 'https://api.linear.app' },
    });
    // What the background asks before sending each token:
    expect(await secrets().tokenFor('shop', 'tracker', JIRA)).toEqual({ token: TOKEN });
    expect(await secrets().tokenFor('shop', 'catalogue', 'https://flags.example.com')).toEqual({ token: 'catalogue-token-1234' });
    expect(await secrets().tokenFor('shop', 'tracker', 'https://flags.example.com')).toEqual({ savedFor: JIRA });
  });
});

describe('options: the tracker fields\' hints', () => {
  /** Each tracker's properties in docs/config.schema.json, by tracker id. */
  function fileProperties(): Map<string, Record<string, { description?: string }>> {
    const found = new Map<string, Record<string, { description?: string }>>();
    const visit = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as { properties?: Record<string, { const?: unknown; description?: string }> }).properties;
      const kind = properties?.tracker?.const;
      if (typeof kind === 'string' && properties) found.set(kind, properties);
      Object.values(node).forEach(visit);
    };
    visit(buildConfigJsonSchema());
    return found;
  }

  it('are the words of the file format (docs/config.schema.json), Azure DevOps\' organization and project included', () => {
    const file = fileProperties();
    for (const id of TRACKER_IDS) {
      for (const spec of TRACKER_FIELDS[id]) {
        const description = file.get(id)?.[spec.key]?.description;
        expect(description, `${id}.${spec.key}`).toMatch(/\S/);
        expect(spec.hint, `${id}.${spec.key}`).toBe(description);
      }
    }
    expect(TRACKER_FIELDS['azure-devops'].map((spec) => spec.hint)).toEqual([
      expect.any(String), 'As in dev.azure.com/<organization>.', 'The project whose work items you sign off.',
    ]);
  });
});

describe('options: the page\'s bundle', () => {
  it('names trackers without bundling them: only their meta and settings come from lib/trackers', async () => {
    const result = await build({
      entryPoints: ['entrypoints/options/main.tsx'], bundle: true, write: false, metafile: true, format: 'esm',
      jsx: 'automatic', jsxImportSource: 'preact', loader: { '.css': 'empty' }, logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('components/options/TrackerFields'))).toBe(true);
    // What lib/config/tracker-{help,target,form}.ts held now lives in the families (meta.ts,
    // target.ts, ticket.ts) and their registries of metas and settings; never a tracker's API.
    const trackerInputs = inputs.filter((path) => path.includes('lib/trackers/'));
    expect(trackerInputs.length).toBeGreaterThan(0);
    for (const path of trackerInputs) {
      expect(path).toMatch(/^lib\/trackers\/(?:(?:types|ticket|meta-registry|origins|targets|form)\.ts|[\w-]+\/(?:meta|target|ticket)\.ts)$/);
    }
  });
});
