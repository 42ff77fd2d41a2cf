import { describe, expect, it } from 'vitest';
import { TrackerTargetSchema, type TrackerTarget } from '../../lib/trackers/targets';
import { SiteSchema, type Site } from '../../lib/config/schema';
import { trackerAccess } from '../../lib/trackers/access';
import { createTracker, normalizeTicket, TRACKER_INFO } from '../../lib/trackers/registry';
import { TRACKER_LABELS } from '../../lib/trackers/meta-registry';
import { createSecretsStore } from '../../lib/secrets/store';
import type { SignOff } from '../../lib/signoff/signoff';

const target = (raw: Record<string, unknown>): TrackerTarget => TrackerTargetSchema.parse(raw);
const jira = target({ tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net', email: 'qa@acme.example' });
const github = target({ tracker: 'github', repo: 'acme/shop' });
const gitlab = target({ tracker: 'gitlab', project: 'acme/web/shop' });
const linear = target({ tracker: 'linear' });
const azure = target({ tracker: 'azure-devops', organization: 'acme', project: 'Shop' });

describe('a ticket as each tracker names it', () => {
  it.each([
    [jira, 'shop-142', 'SHOP-142'],
    [jira, ' https://acme.atlassian.net/browse/SHOP-142?focusedCommentId=1 ', 'SHOP-142'],
    [jira, 'https://acme.atlassian.net/jira/software/projects/SHOP/boards/1?selectedIssue=SHOP-9', 'SHOP-9'],
    [github, '#12', 'acme/shop#12'],
    [github, '12', 'acme/shop#12'],
    [github, 'other/repo#3', 'other/repo#3'],
    [github, 'https://github.com/acme/shop/issues/77', 'acme/shop#77'],
    [gitlab, '#7', 'acme/web/shop#7'],
    [gitlab, 'https://gitlab.com/acme/web/shop/-/issues/8', 'acme/web/shop#8'],
    [linear, 'eng-12', 'ENG-12'],
    [linear, 'https://linear.app/acme/issue/ENG-12/checkout-banner', 'ENG-12'],
    [azure, '4711', '4711'],
    [azure, 'AB#4711', '4711'],
    [azure, 'https://dev.azure.com/acme/Shop/_workitems/edit/4711/', '4711'],
  ])('%# %s: "%s" → %s', (t, typed, named) => {
    expect(normalizeTicket(t, typed)).toEqual({ ok: true, ticket: named });
  });

  it.each([
    [jira, 'checkout', /SHOP-142/],
    [jira, 'SHOP-142\nEVIL-1', /SHOP-142/],
    [github, '#12', /owner\/repo#12, or set a default repository/, target({ tracker: 'github' })],
    [gitlab, '7', /group\/project#7, or set a default project/, target({ tracker: 'gitlab' })],
    [github, 'acme/shop#12; rm', /owner\/repo#123/],
    [gitlab, '../x#1', /group\/project#7/],
    [linear, 'ENG-12/../../viewer', /ENG-12/],
    [azure, '47 11', /4711/],
    [azure, '', /4711/],
  ])('%# refuses %s "%s" and says how to write it', (t, typed, advice, other?: TrackerTarget) => {
    const check = normalizeTicket(other ?? t, typed);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(advice);
  });
});

function site(tracker?: Record<string, unknown>): Site {
  return SiteSchema.parse({
    id: 'shop', name: 'Acme shop', hosts: ['shop.example.com'],
    catalogue: { provider: 'flags-file', inline: '[]' },
    ...(tracker ? { tracker } : {}),
  });
}

function storage() {
  const data: Record<string, unknown> = {};
  return {
    get: async (key: string) => (key in data ? { [key]: data[key] } : {}),
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
  };
}

describe('reaching a site\'s tracker', () => {
  const granted = new Set(['https://acme.atlassian.net/*']);
  const requests: { url: string; auth: string | null }[] = [];
  const deps = (secrets: ReturnType<typeof createSecretsStore>) => ({
    secrets,
    hasHostAccess: async (pattern: string) => granted.has(pattern),
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      return new Response(JSON.stringify({ displayName: 'QA Person', emailAddress: 'qa@acme.example', accountId: '1' }), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch,
  });

  it('says what to set up, in order: a tracker, a token for its address, host access', async () => {
    const secrets = createSecretsStore(storage());
    const none = await trackerAccess(site(), deps(secrets));
    expect(none).toEqual({ ok: false, problem: expect.stringMatching(/no sign-off tracker yet.*QA sign-offs/) });

    const withJira = site({ tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net', email: 'qa@acme.example' });
    expect(await trackerAccess(withJira, deps(secrets))).toEqual({ ok: false, problem: expect.stringMatching(/no Jira Cloud token/) });

    await secrets.set('shop', 'tracker', 'tok-for-elsewhere', 'https://evil.example');
    expect(await trackerAccess(withJira, deps(secrets))).toEqual({ ok: false, problem: expect.stringMatching(/saved for https:\/\/evil\.example, not https:\/\/acme\.atlassian\.net/) });

    const other = site({ tracker: 'jira-dc', baseUrl: 'https://jira.acme.example:8443' });
    await secrets.set('shop', 'tracker', 'pat', 'https://jira.acme.example:8443');
    expect(await trackerAccess(other, deps(secrets))).toEqual({ ok: false, problem: expect.stringMatching(/may not reach https:\/\/jira\.acme\.example:8443 yet/) });
    // Host access is a match pattern, which has no port (Firefox refuses one).
    granted.add('https://jira.acme.example/*');
    expect((await trackerAccess(other, deps(secrets))).ok).toBe(true);
    granted.delete('https://jira.acme.example/*');
    expect(requests).toEqual([]);
  });

  it('gives a tracker that reads tickets as the tracker names them, and sends the token only to its origin', async () => {
    const secrets = createSecretsStore(storage());
    await secrets.set('shop', 'tracker', 'atlassian-token', 'https://acme.atlassian.net');
    const reached = await trackerAccess(site({ tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net', email: 'qa@acme.example' }), deps(secrets));
    expect(reached.ok).toBe(true);
    if (!reached.ok) return;
    expect(await reached.tracker.verify()).toMatch(/QA Person/);
    const signOff = { id: 'so-aaaaaaaaaaaaaaaaaaaa', ticket: 'shop-142' } as SignOff;
    await reached.tracker.findExisting(signOff).catch(() => undefined);
    expect(requests.map((r) => new URL(r.url).origin)).toEqual(['https://acme.atlassian.net', 'https://acme.atlassian.net']);
    expect(requests[1]!.url).toContain('/issue/SHOP-142/');
    expect(requests.every((r) => r.auth === `Basic ${btoa('qa@acme.example:atlassian-token')}`)).toBe(true);
  });
});

describe('the hosts a tracker needs', () => {
  it('adds Linear\'s upload host for linear.app, and only there', async () => {
    const { trackerAccessOrigins } = await import('../../lib/trackers/origins');
    expect(trackerAccessOrigins(linear)).toEqual(['https://api.linear.app', 'https://uploads.linear.app']);
    expect(trackerAccessOrigins(target({ tracker: 'linear', apiUrl: 'http://linear.localhost:4000' }))).toEqual(['http://linear.localhost:4000']);
    expect(trackerAccessOrigins(jira)).toEqual(['https://acme.atlassian.net']);
  });
});

describe('one name per tracker', () => {
  it.each([jira, target({ tracker: 'jira-dc', baseUrl: 'https://jira.acme.example' }), github, gitlab, linear, azure])('%# %o calls itself what the options page and the side panel call it', (t) => {
    const tracker = createTracker(t, 'token', { fetch: () => Promise.reject(new Error('no request is expected')) });
    expect(tracker.id).toBe(t.tracker);
    expect(tracker.label).toBe(TRACKER_LABELS[t.tracker]);
    expect(TRACKER_INFO[t.tracker]).toMatchObject({ label: tracker.label, uploadsScreenshots: tracker.uploadsScreenshots });
  });
});
