import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'webextension-polyfill';
import { serviceWorkerWorkLoader, WORK_SCRIPT, type WorkerScope } from '../../lib/background/load-work';
import { OUTBOX_ALARM_NAME, outboxNeedsSending, registerSignOff } from '../../lib/background/signoff';
import { registerRuns } from '../../lib/background/runs';
import { work, type LoadWork } from '../../lib/background/work';
import { createCatalogueService } from '../../lib/catalogue/service';
import { catalogueView } from '../../lib/catalogue/cache';
import { createCatalogueFetcher } from '../../lib/catalogue/fetcher';
import { PROVIDER_IDS } from '../../lib/providers/meta-registry';
import { providerFor } from '../../lib/providers/registry';
import { SiteSchema, type Site } from '../../lib/config/schema';
import { createSecretsStore } from '../../lib/secrets/store';
import { OUTBOX_ALARM } from '../../lib/signoff/outbox';
import { OUTBOX_KEY, OUTBOX_STATES, type OutboxItem } from '../../lib/signoff/outbox-store';
import { nextWake } from '../../lib/signoff/outbox-rules';
import { RUN_KEY } from '../../lib/runs/state';
import { memoryStorage, siteWith } from '../support/catalogue';

/** A loader that counts the loads, as the worker's would parse the work script. */
function countingLoader(fail = false) {
  const loader = Object.assign(async () => {
    loader.loads++;
    if (fail) throw new Error('Flagtab could not load the part of its background … Reload Flagtab');
    return work;
  }, { loads: 0 }) as LoadWork & { loads: number };
  return loader;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

const SHOP = SiteSchema.parse({
  id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', inline: '[]' },
  tracker: { tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net', email: 'qa@acme.example' },
});

function signOffOn(loadWork: LoadWork) {
  return registerSignOff(fakeBrowser as unknown as Browser, {
    sites: async () => [SHOP],
    overridesOf: async () => ({}),
    catalogueOf: () => Promise.reject(new Error('not needed')),
    ticketsOf: () => Promise.reject(new Error('not needed')),
    detectionsOf: async () => undefined,
    secrets: createSecretsStore(fakeBrowser.storage.local),
    loadWork,
  });
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  globalThis.flagtabWork = undefined;
});

describe('a wake of the background', () => {
  it('loads the sign-off work only when the outbox holds something the sender must act on', async () => {
    const idle = countingLoader();
    signOffOn(idle);
    await settle();
    expect(idle.loads).toBe(0);

    // A sign-off waiting for the person (failed) waits for a click, not a wake.
    await fakeBrowser.storage.local.set({ [OUTBOX_KEY]: { items: [{ state: 'failed' }] } });
    const failed = countingLoader();
    signOffOn(failed);
    await settle();
    expect(failed.loads).toBe(0);

    await fakeBrowser.storage.local.set({ [OUTBOX_KEY]: { items: [{ state: 'failed' }, { state: 'sending' }] } });
    const sending = countingLoader();
    signOffOn(sending);
    await settle();
    expect(sending.loads).toBe(1);
  });

  it('asks for a wake exactly for the states the outbox schedules a wake for', () => {
    const now = 1_000;
    for (const state of OUTBOX_STATES) {
      const item = { state, nextAttemptAt: now } as OutboxItem;
      expect(outboxNeedsSending({ items: [item] }), state).toBe(nextWake([item], now, true) !== undefined);
    }
    expect(OUTBOX_ALARM_NAME).toBe(OUTBOX_ALARM);
  });

  it('answers the popup\'s run status without the work while no run was started; a wake finding a finished run does not load it', async () => {
    const deps = { engine: {} as never, sites: async () => [], flagsOf: async () => [], pageView: async () => ({}) as never };
    const none = countingLoader();
    const { handlers } = registerRuns(fakeBrowser as unknown as Browser, { ...deps, loadWork: none });
    expect(await handlers['runs/status']({})).toBeNull();
    await settle();
    expect(none.loads).toBe(0);

    await fakeBrowser.storage.session.set({ [RUN_KEY]: { status: 'done' } });
    const finished = countingLoader();
    registerRuns(fakeBrowser as unknown as Browser, { ...deps, loadWork: finished });
    await settle();
    expect(finished.loads).toBe(0);
  });

  it('says what to do when the work cannot be loaded, and tries again on the next message', async () => {
    const broken = countingLoader(true);
    const { handlers } = signOffOn(broken);
    await expect(handlers['history/list']({})).rejects.toThrow(/Reload Flagtab/);
    await expect(handlers['history/list']({})).rejects.toThrow(/Reload Flagtab/);
    expect(broken.loads).toBe(2);
  });
});

describe('a sign-off sent while the work cannot load', () => {
  it('is kept, the side panel is told so, and it reaches the outbox once the work loads (after the reload)', async () => {
    const request = {
      id: 'so-aaaaaaaaaaaaaaaaaaaa', tabId: 1, siteId: 'shop', ticket: 'SHOP-142', verdict: 'passed' as const, notes: 'Works.',
      evidence: {
        url: 'https://shop.example.com/checkout', site: { id: 'shop', name: 'Shop' }, overrides: { 'new-checkout': true }, activeFlags: [],
        browser: 'Chrome 142', flagtabVersion: '0.1.0', at: 1_000,
      },
    };
    const broken = signOffOn(countingLoader(true));
    await expect(broken.handlers['signoff/submit'](request)).rejects.toThrow(/Your sign-off was kept.*Reload Flagtab/);

    // The reload: a new background, which can load its work, and which nobody sends a message to.
    const loader = countingLoader();
    const reloaded = signOffOn(loader);
    await vi.waitFor(async () => expect((await reloaded.handlers['outbox/list']({})).items.map((i) => i.signOff.id)).toEqual([request.id]));
    expect(loader.loads).toBe(1);
  });
});

describe('the catalogue without its fetcher', () => {
  it('answers peek and tickets from the cache without loading the fetcher; a refresh loads it once', async () => {
    let loads = 0;
    const local = memoryStorage();
    const service = createCatalogueService({
      local, now: Date.now, fetch: async () => new Response(JSON.stringify(['a-flag']), { headers: { 'content-type': 'application/json' } }),
      loadFetcher: async () => (loads++, createCatalogueFetcher),
    });
    const site = siteWith({ provider: 'flags-file', url: 'https://flags.example.com/flags.json' });
    expect(await service.peek(site)).toMatchObject({ flags: [], needsRefresh: true });
    expect(await service.ticketsOf(site, ['a-flag'])).toEqual([]);
    expect(loads).toBe(0);
    await service.refresh(site);
    await service.refresh(site);
    expect(loads).toBe(1);
    expect(await service.peek(site, { firstChunk: true })).toMatchObject({ flags: [{ key: 'a-flag' }], needsRefresh: false });
  });

  it('names the provider, and says whether it lists variants, as its adapter does', () => {
    for (const id of PROVIDER_IDS) {
      const view = catalogueView({ id: 's', catalogue: { provider: id } } as unknown as Site, undefined, true);
      expect(view.listsVariants, id).toBe(providerFor(id).listsVariants);
      expect(view.providerLabel, id).toBe(providerFor(id).label);
    }
  });
});

describe('the service worker\'s loader', () => {
  /** Chrome's rule: a script imported during install is kept with the registration; any other throws. */
  function chromeScope() {
    const listeners: (() => void)[] = [];
    const installed = new Set<string>();
    let installing = false;
    const scope: WorkerScope & { install(): void } = {
      addEventListener: (_type, listener) => void listeners.push(listener),
      importScripts(...urls) {
        for (const url of urls) {
          if (installing) installed.add(url);
          else if (!installed.has(url)) throw new DOMException('importScripts() of new scripts after service worker installation is not allowed.', 'NetworkError');
          globalThis.flagtabWork = work; // what running the script does
        }
      },
      install() {
        installing = true;
        for (const listener of listeners) listener();
        installing = false;
      },
    };
    return scope;
  }

  it('imports the work script at install, so a later worker may import it on first need', async () => {
    const scope = chromeScope();
    serviceWorkerWorkLoader(scope);
    scope.install();
    // A later wake: a new worker, nothing loaded yet.
    globalThis.flagtabWork = undefined;
    const loadWork = serviceWorkerWorkLoader(scope);
    expect(globalThis.flagtabWork).toBeUndefined();
    expect(await loadWork()).toBe(work);
  });

  it('says to reload Flagtab, with the browser\'s reason as the cause, when the script was not imported at install', async () => {
    const loadWork = serviceWorkerWorkLoader(chromeScope());
    const error = await loadWork().then(() => new Error('loaded'), (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(WORK_SCRIPT);
    expect(error.message).toMatch(/Reload Flagtab \(chrome:\/\/extensions/);
    expect(error.message).toContain('stay in the outbox');
    expect(String((error.cause as Error).message)).toContain('after service worker installation');
  });
});
