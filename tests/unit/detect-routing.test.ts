import { describe, expect, it } from 'vitest';
import { createPageRouter, type PageSender } from '../../lib/detect/page-router';
import { plannedRegistrations, syncRegistrations, type ContentScriptRegistration } from '../../lib/detect/registration';
import { SiteSchema, type Site } from '../../lib/config/schema';

const shop = SiteSchema.parse({ id: 'shop', name: 'Shop', hosts: ['shop.example.com', '*.shop.example.net'], catalogue: { provider: 'flags-file', inline: '{}' } });
const quiet = SiteSchema.parse({
  id: 'quiet', name: 'Quiet', hosts: ['quiet.example.com'], catalogue: { provider: 'flags-file', inline: '{}' },
  detection: { markers: false, sdks: false },
});
const content: PageSender = { id: 'ext', url: 'https://shop.example.com/cart', frameId: 0, tab: { id: 2_000_000_001 } };

function setup(sites: Site[] = [shop, quiet], allow = () => true) {
  const heard: { tabId: number; site: string; type: string; data: unknown }[] = [];
  const dropped: (string | undefined)[] = [];
  const route = createPageRouter(
    {
      'page/hello': async (tabId, site, data) => { heard.push({ tabId, site: site.id, type: 'hello', data }); return { markers: true, sdks: true, overrides: {}, outline: false, children: { armed: false, hosts: [] } }; },
      'page/report': async (tabId, site, data) => { heard.push({ tabId, site: site.id, type: 'report', data }); return { accepted: true }; },
    },
    { extensionId: 'ext', loadSites: async () => sites, allowReport: allow, dropped: (_tab, why) => dropped.push(why) },
  );
  return { route, heard, dropped };
}

const validReport = { kind: 'markers', documentStartedAt: 1, observations: [{ key: 'a,b;c=d\n', source: 'meta', value: true, at: 1 }] };

describe('page router', () => {
  it('takes the tab and the site from the sender, never from the message', async () => {
    const { route, heard } = setup();
    const reply = await route({ type: 'page/report', data: { ...validReport, tabId: 1, siteId: 'quiet' } }, content);
    expect(reply).toEqual({ ok: true, result: { accepted: true } });
    expect(heard).toMatchObject([{ tabId: 2_000_000_001, site: 'shop', type: 'report' }]);
    expect((heard[0]!.data as Record<string, unknown>).tabId).toBeUndefined(); // unknown fields are stripped
  });

  it('refuses commands meant for the popup, other extensions, frames, and unconfigured or quiet sites', async () => {
    const { route, heard } = setup();
    const refusals = [
      await route({ type: 'overrides/set', data: { tabId: 1, siteId: 'shop', key: 'x', value: true } }, content),
      await route({ type: 'page/report', data: validReport }, { ...content, id: 'other-extension' }),
      await route({ type: 'page/report', data: validReport }, { ...content, frameId: 3 }),
      await route({ type: 'page/report', data: validReport }, { ...content, tab: undefined }),
      await route({ type: 'page/report', data: validReport }, { ...content, url: 'https://evil.example.org/' }),
      await route({ type: 'page/report', data: validReport }, { ...content, url: 'https://quiet.example.com/' }),
    ];
    expect(refusals.every((r) => !r.ok)).toBe(true);
    expect(heard).toEqual([]);
  });

  it('drops reports over the rate limit unread, and invalid ones with a reason', async () => {
    const { route, heard, dropped } = setup([shop], () => false);
    expect(await route({ type: 'page/report', data: validReport }, content)).toEqual({ ok: true, result: { accepted: false } });
    const open = setup([shop]);
    const huge = { ...validReport, observations: [{ key: 'x', source: 'meta', value: 'v'.repeat(5000), at: 1 }] };
    const reply = await open.route({ type: 'page/report', data: huge }, content);
    expect(reply.ok).toBe(false);
    expect(open.dropped[0]).toMatch(/could not use \(observations\.0\.value: must be at most 2048 characters/);
    expect(heard).toEqual([]);
    expect(dropped).toEqual([undefined]);
  });
});

describe('content script registration', () => {
  it('plans one isolated-world script per site (detect where it detects, else children), the bridge for SDKs, on its hosts only', () => {
    const planned = plannedRegistrations([shop, quiet, { ...shop, id: 'markers-only', hosts: ['m.example.com'], detection: { ...shop.detection, sdks: false } }]);
    const shopHosts = ['http://shop.example.com/*', 'https://shop.example.com/*', 'http://*.shop.example.net/*', 'https://*.shop.example.net/*'];
    expect(planned.map((p) => [p.id, p.js, p.world, p.matches])).toEqual([
      ['flagtab-detect-shop', ['content-scripts/detect.js'], 'ISOLATED', shopHosts],
      ['flagtab-bridge-shop', ['content-scripts/bridge.js'], 'MAIN', shopHosts],
      ['flagtab-open-shop', ['content-scripts/open.js'], 'MAIN', shopHosts],
      ['flagtab-children-quiet', ['content-scripts/children.js'], 'ISOLATED', ['http://quiet.example.com/*', 'https://quiet.example.com/*']],
      ['flagtab-open-quiet', ['content-scripts/open.js'], 'MAIN', ['http://quiet.example.com/*', 'https://quiet.example.com/*']],
      ['flagtab-detect-markers-only', ['content-scripts/detect.js'], 'ISOLATED', ['http://m.example.com/*', 'https://m.example.com/*']],
      ['flagtab-open-markers-only', ['content-scripts/open.js'], 'MAIN', ['http://m.example.com/*', 'https://m.example.com/*']],
    ]);
  });

  it('registers what is new, re-registers what changed, removes what went, and leaves others\' scripts alone', async () => {
    const registered = new Map<string, { id: string; matches?: string[]; js?: string[]; world?: string }>([
      ['someone-else', { id: 'someone-else', matches: ['https://x/*'] }],
    ]);
    const calls: string[] = [];
    const scripting = {
      getRegisteredContentScripts: async () => [...registered.values()],
      registerContentScripts: async (list: ContentScriptRegistration[]) => { for (const s of list) { calls.push(`+${s.id}`); registered.set(s.id, s); } },
      unregisterContentScripts: async ({ ids }: { ids: string[] }) => { for (const id of ids) { calls.push(`-${id}`); registered.delete(id); } },
    };
    await syncRegistrations(scripting, plannedRegistrations([shop]));
    await syncRegistrations(scripting, plannedRegistrations([shop])); // nothing changed: nothing done
    await syncRegistrations(scripting, plannedRegistrations([{ ...shop, hosts: ['shop.example.com'], detection: { ...shop.detection, sdks: false } }]));
    expect(calls).toEqual([
      '+flagtab-detect-shop', '+flagtab-bridge-shop', '+flagtab-open-shop',
      '-flagtab-detect-shop', '-flagtab-bridge-shop', '-flagtab-open-shop', '+flagtab-detect-shop', '+flagtab-open-shop',
    ]);
    calls.length = 0;
    // Detection turned off: the child-tab script alone takes the detect script's place.
    await syncRegistrations(scripting, plannedRegistrations([{ ...shop, hosts: ['shop.example.com'], detection: { ...shop.detection, markers: false, sdks: false } }]));
    expect(calls).toEqual(['-flagtab-detect-shop', '+flagtab-children-shop']);
    expect([...registered.keys()].sort()).toEqual(['flagtab-children-shop', 'flagtab-open-shop', 'someone-else']);
  });
});
