import { afterEach, describe, expect, it } from 'vitest';
import { createSecretsStore, SECRETS_KEY } from '../../lib/secrets/store';
import { createCatalogueService } from '../../lib/catalogue/service';
import { createCatalogueFetcher } from '../../lib/catalogue/fetcher';
import { startFakeApi, type FakeApi } from '../support/fake-api';
import { memoryStorage, siteWith } from '../support/catalogue';

const HOME = 'https://flags.example.com';

describe('secrets store', () => {
  it('keeps tokens under their own key, bound to the address they were saved for', async () => {
    const local = memoryStorage();
    const secrets = createSecretsStore(local);
    await secrets.set('shop', 'catalogue', '  tok-123  ', HOME);
    expect(local.items.get(SECRETS_KEY)).toEqual({ shop: { catalogue: 'tok-123', 'catalogue@origin': HOME } });
    expect(await secrets.tokenFor('shop', 'catalogue', HOME)).toEqual({ token: 'tok-123' });
    expect(await secrets.tokenFor('shop', 'catalogue', 'https://evil.example')).toEqual({ savedFor: HOME });
    expect(await secrets.tokenFor('other', 'catalogue', HOME)).toBeUndefined();
  });

  it('re-binds a kept token when the person re-saves the site, and removes it on an empty one', async () => {
    const secrets = createSecretsStore(memoryStorage());
    await secrets.set('shop', 'catalogue', 'tok', HOME);
    await secrets.bind('shop', 'catalogue', 'https://flags.new.example');
    expect(await secrets.tokenFor('shop', 'catalogue', 'https://flags.new.example')).toEqual({ token: 'tok' });
    await secrets.set('shop', 'catalogue', '');
    expect(await secrets.all()).toEqual({});
  });

  it('binds imported tokens to the address of the site they came with', async () => {
    const secrets = createSecretsStore(memoryStorage());
    await secrets.merge({ shop: { catalogue: 'from-file' } }, (id) => (id === 'shop' ? HOME : undefined));
    expect(await secrets.tokenFor('shop', 'catalogue', HOME)).toEqual({ token: 'from-file' });
  });
});

describe('a token saved for another address', () => {
  let api: FakeApi | undefined;
  afterEach(async () => api?.close());

  it('is not sent when the site now points elsewhere, and the popup says why', async () => {
    api = await startFakeApi({ authorize: () => undefined, routes: [{ method: 'GET', path: /.*/, handle: () => ({ status: 200, body: { items: [], totalCount: 0, _links: {} } }) }] });
    const local = memoryStorage();
    const secrets = createSecretsStore(local);
    await secrets.set('shop', 'catalogue', 'ld-token', 'https://app.launchdarkly.com');
    // The configuration was replaced (say, by an imported file) and now points at another host.
    const moved = siteWith({ provider: 'launchdarkly', baseUrl: api.origin, project: 'shop', environment: 'production' });
    const service = createCatalogueService({ loadFetcher: async () => createCatalogueFetcher, local, fetch, now: Date.now, secrets });
    const view = await service.refresh(moved);
    expect(view.error).toMatch(/saved for https:\/\/app\.launchdarkly\.com, but Shop now reads its flags from http:\/\/127\.0\.0\.1:\d+.*paste a token/);
    expect(api.requests).toEqual([]);
  });
});

describe('secrets store: the sign-off tracker\'s token', () => {
  const JIRA = 'https://acme.atlassian.net';

  it('binds each slot of an imported site to that slot\'s own address', async () => {
    const secrets = createSecretsStore(memoryStorage());
    const origins: Record<string, string> = { catalogue: HOME, tracker: JIRA };
    await secrets.merge({ shop: { catalogue: 'flags-token', tracker: 'jira-token' } }, (id, slot) => (id === 'shop' ? origins[slot] : undefined));
    expect(await secrets.tokenFor('shop', 'catalogue', HOME)).toEqual({ token: 'flags-token' });
    expect(await secrets.tokenFor('shop', 'tracker', JIRA)).toEqual({ token: 'jira-token' });
    // Neither token goes to the other's address.
    expect(await secrets.tokenFor('shop', 'tracker', HOME)).toEqual({ savedFor: JIRA });
  });

  it('leaves a token unbound (sent nowhere) when its site has no such address, and keeps origins that came with it', async () => {
    const secrets = createSecretsStore(memoryStorage());
    await secrets.merge({ shop: { tracker: 'jira-token' }, blog: { tracker: 'gh-token', 'tracker@origin': 'https://api.github.com' } }, () => undefined);
    expect(await secrets.tokenFor('shop', 'tracker', JIRA)).toEqual({ savedFor: 'an unknown address' });
    expect(await secrets.tokenFor('blog', 'tracker', 'https://api.github.com')).toEqual({ token: 'gh-token' });
  });

  it('forgets a removed site\'s tracker token with its catalogue token', async () => {
    const secrets = createSecretsStore(memoryStorage());
    await secrets.set('shop', 'catalogue', 'flags-token', HOME);
    await secrets.set('shop', 'tracker', 'jira-token', JIRA);
    await secrets.forgetSite('shop');
    expect(await secrets.all()).toEqual({});
  });
});
