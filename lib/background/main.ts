import type { Browser, Runtime } from 'webextension-polyfill';
import { createConfigStore } from '../config/store';
import { SiteSchema, type Site } from '../config/schema';
import { describeIssues } from '../schema-issues';
import { createSecretsStore, SECRETS_KEY } from '../secrets/store';
import { createTransportSecrets } from './transport-secrets';
import { restrictStorageToExtension } from '../secrets/access';
import { createCatalogueService } from '../catalogue/service';
import { findSiteForUrl, requireSite } from '../config/hosts';
import { EXPIRY_ALARM, createOverrideEngine } from '../overrides/engine';
import { createDnrAdapter } from '../overrides/dnr';
import { createMessageRouter } from '../messaging/router';
import { answerWith, errorWords } from '../messaging/answer';
import type { PopupState, Reply } from '../messaging/protocol';
import type { PageReply } from '../detect/page-protocol';
import type { CatalogueView } from '../catalogue/view';
import type { OverridesView } from '../overrides/view';
import type { TabSiteState } from '../overrides/state';
import { registerDetection } from './detection';
import { registerSignOff } from './signoff';
import { registerChildren } from './children';
import { createDocumentStore, loadWarning } from '../overrides/documents';
import { RESIGN_ALARM } from '../overrides/signing';
import { createSigningKeyStore } from '../secrets/signing-keys';
import { indexedDbKeyDb } from '../secrets/key-db';
import { addressWithoutOverrides, signsOverrides } from '../transports/registry';
import { registerKeys } from './keys';
import { registerShare } from './share';
import { createTabBadge } from './tab-badge';
import { startWake } from './wake-chores';
import { registerScenarios } from './scenarios';
import { PRESENTER_COMMAND } from '../scenarios/presenter';
import { registerRuns } from './runs';
import { RESET_TAB_COMMAND } from '../overrides/badge';
import { createSiteRequests, registerNavigation, someTabFollowed } from './navigation';
import { OVERRIDE_STATE_KEY } from '../overrides/state';
import { STORED } from '../storage/keys';
import { DETECTION_PREFIX } from '../detect/session-key';
import type { LoadWork } from './work';
import { retryOnce } from '../retry-once';
import { settingsPageHandlers } from './settings-page';

const SHARE_OFFERS_KEY = STORED.shareOffers.key;
/** Listening too widely costs wakes, not behaviour: said, and the next change tries again. */
const logNarrowing = (error: unknown) => console.warn('Flagtab: could not narrow the navigation listeners; listening to every tab for now', error);

/**
 * Wires the background: the override engine, the catalogue and the message router, on the
 * real browser APIs. Listeners are registered synchronously, as MV3 service workers require
 * to be woken by their events. What only some events need (fetching a catalogue, sign-offs)
 * comes from `loadWork` (work.ts), on first need: the entrypoint passes the work script's
 * loader (load-work.ts), tests one that imports work.ts.
 */
export function registerBackground(browser: Browser, options: { resourceTypes: readonly string[]; loadWork: LoadWork }) {
  // Before anything reads or writes a token: content scripts must not read storage.local.
  const restricted = restrictStorageToExtension(browser.storage).catch((error: unknown) => {
    console.error('Flagtab: could not keep storage away from content scripts', error);
  });
  // The person's sites and the organisation's (enterprise policy, lib/config/managed.ts).
  // The snapshot (storage.session): a wake that finds the documents it read before skips
  // validating them again, and the schemas that would do it are never built (config/snapshot.ts).
  const config = createConfigStore(browser.storage.local, { managed: browser.storage.managed, snapshot: browser.storage.session });
  const loadSites = async (): Promise<Site[]> => {
    const loaded = await config.load();
    return loaded.ok ? loaded.config.sites : [];
  };
  // The sites, read and migrated once and again only when the configuration changes (the watch
  // below): clicks, page loads and every response of a site (the echo header) all ask for them.
  // A read that failed is not kept, so the next call tries again.
  const knownSites = retryOnce(loadSites);
  const sites = knownSites.get;
  const dnr = createDnrAdapter(browser.declarativeNetRequest);
  const documents = createDocumentStore({ session: browser.storage.session });
  /** What Flagtab knows about the load of the tab's current page, given its overrides per site. */
  async function currentLoad(tabId: number, tabSites: Record<string, TabSiteState> | undefined) {
    const doc = await documents.get(tabId);
    const site = doc && findSiteForUrl(await sites(), doc.url);
    return loadWarning(doc, Object.keys((site && tabSites?.[site.id]?.values) ?? {}).length > 0);
  }
  /** Ids of the tabs open now (the engine's and the start-up prune's snapshot). */
  const openTabIds = async () => (await browser.tabs.query({})).flatMap((t) => (t.id === undefined ? [] : [t.id]));
  const secrets = createSecretsStore(browser.storage.local);
  const transportSecrets = createTransportSecrets(secrets);
  // Signing keys live in the extension's IndexedDB, which pages and content scripts cannot open.
  const keyStore = createSigningKeyStore({ db: indexedDbKeyDb(indexedDB), subtle: crypto.subtle, now: Date.now });
  const keys = registerKeys({ store: keyStore, sites, keysChanged: () => engine.reconcile() });
  const engine = createOverrideEngine({
    session: browser.storage.session,
    dnr: dnr.rules,
    alarms: browser.alarms,
    setBadge: createTabBadge({ action: browser.action, currentLoad, offered: (tabId) => share.offered(tabId) }),
    openTabIds,
    // The sites the background holds (re-read only when the configuration changes), not a
    // fresh read and migration of the whole configuration on every click.
    sites,
    resourceTypes: options.resourceTypes,
    now: Date.now,
    signer: keys.signer,
    async transportSecret(siteId, transportId) {
      const site = (await sites()).find((s) => s.id === siteId);
      return site ? transportSecrets.secretFor(site, transportId) : undefined;
    },
  });
  const catalogues = createCatalogueService({
    local: browser.storage.local,
    session: browser.storage.session,
    fetch: (...a) => fetch(...a),
    now: Date.now,
    secrets,
    hasHostAccess: (origin) => browser.permissions.contains({ origins: [origin] }),
    loadFetcher: async () => (await options.loadWork()).createCatalogueFetcher,
  });

  // The webRequest listeners hear the sites' hosts only (navigation.ts), narrowed with the
  // navigation listeners once the sites are read.
  const siteRequests = createSiteRequests();
  const detection = registerDetection(browser, {
    requests: siteRequests,
    sites,
    overridesOf: async (tabId, siteId) => (await engine.getTab(tabId))[siteId]?.values ?? {},
  });

  const children = registerChildren(browser, { engine, sites, documents, requests: siteRequests });

  const scenarios = registerScenarios({ config, engine, sites, tabs: browser.tabs });
  const runs = registerRuns(browser, {
    engine, sites,
    flagsOf: async (site) => (await catalogues.get(site)).flags,
    pageView: (tabId, site) => detection.pageView(tabId, site),
    loadWork: options.loadWork,
  });

  const signOff = registerSignOff(browser, {
    sites,
    overridesOf: async (tabId, siteId) => (await engine.getTab(tabId))[siteId]?.values ?? {},
    catalogueOf: (site) => catalogues.peek(site),
    ticketsOf: (site, keys) => catalogues.ticketsOf(site, keys),
    detectionsOf: async (tabId, site) => (await detection.pageView(tabId, site)).detections,
    pageLoadOf: async (tabId) => (await currentLoad(tabId, await engine.getTab(tabId)))?.message,
    scenarioOf: scenarios.nameOf,
    secrets,
    loadWork: options.loadWork,
  });

  const share = registerShare(browser, { sites, engine, catalogueOf: (site) => catalogues.get(site) });

  /** The tab's state; the catalogue as cached unless a fresh one (from a refresh) is given. */
  async function popupState(tabId: number, refreshed?: { siteId: string; view: CatalogueView }): Promise<PopupState> {
    // The reads are independent: asked at once, the popup waits for the slowest, not their sum.
    const [tab, known, overrides] = await Promise.all([browser.tabs.get(tabId).catch(() => undefined), sites(), engine.getTab(tabId)]);
    if (!tab) throw new Error(`Tab ${tabId} is closed: open Flagtab again from the tab you are testing.`);
    const site = findSiteForUrl(known, tab.url);
    if (!site) return { tabId, tabUrl: tab.url, overrides: {} };
    const group = overrides[site.id];
    const signs = signsOverrides(site.transports);
    const [loadedWithout, key, missingSecrets, catalogue, siteScenarios, page] = await Promise.all([
      currentLoad(tabId, overrides),
      signs ? keyStore.get(site.id) : undefined,
      transportSecrets.missing(site),
      refreshed?.siteId === site.id ? refreshed.view : catalogues.peek(site, { firstChunk: true }),
      scenarios.ofSite(site.id),
      detection.pageView(tabId, site),
    ]);
    const signing = signs ? (key ? { status: 'signed' as const, kid: key.kid, kind: key.kind } : { status: 'no-key' as const }) : undefined;
    return {
      tabId,
      tabUrl: tab.url,
      site: { id: site.id, name: site.name, hosts: site.hosts, expiryMinutes: site.expiryMinutes },
      catalogue,
      scenarios: siteScenarios,
      overrides: group?.values ?? {},
      overrideSetAt: group?.setAt,
      expiresAt: group?.expiresAt,
      page,
      ...(loadedWithout ? { loadedWithout } : {}),
      ...(signing ? { signing } : {}),
      ...addressState(site, tab.url),
      ...(missingSecrets.length ? { missingSecrets } : {}),
    };
  }

  /** What the popup says of the query transport: the parameter, and whether the address carries it. */
  function addressState(site: Site, url: string | undefined): Pick<PopupState, 'address'> {
    const query = site.transports.query;
    if (!query?.enabled) return {};
    const param = query.encoding === 'per-flag' ? `?${query.name}<flag>=…` : `?${query.name}=…`;
    return { address: { param, carried: url !== undefined && addressWithoutOverrides(site.transports, url) !== undefined } };
  }

  /** A "Test connection" runs on the site as the options form has it, once the form is valid. */
  async function withFormSite<T>(site: unknown, test: (site: Site) => Promise<T>): Promise<T | { ok: false; message: string }> {
    const parsed = SiteSchema.safeParse(site);
    return parsed.success ? test(parsed.data) : { ok: false, message: `Fix the form first: ${describeIssues(parsed.error.issues)}.` };
  }

  const view = (group: TabSiteState | undefined): OverridesView => ({ overrides: group?.values ?? {}, overrideSetAt: group?.setAt, expiresAt: group?.expiresAt });

  const route = createMessageRouter(
    {
      'popup/state': ({ tabId }) => popupState(tabId),
      'overrides/set': async ({ tabId, siteId, key, value }) => view(await engine.setOverride(tabId, siteId, key, value)),
      'overrides/clear': async ({ tabId, siteId, key }) => view(await engine.clearOverride(tabId, siteId, key)),
      'overrides/reset': async ({ tabId, siteId }) => {
        await engine.resetTab(tabId, siteId);
        return view(undefined);
      },
      'catalogue/refresh': async ({ tabId, siteId }) => {
        // The refreshed flags go back with the answer: the popup is waiting for exactly them.
        return popupState(tabId, { siteId, view: await catalogues.refresh(requireSite(await sites(), siteId)) });
      },
      'page/outline': ({ tabId, on }) => detection.setOutline(tabId, on),
      'tab/reload': async ({ tabId }) => {
        // A tab whose overrides are gone but whose address still carries them (the query
        // transport) loads its address without them; otherwise a plain reload.
        const { url } = await browser.tabs.get(tabId);
        const site = url ? findSiteForUrl(await sites(), url) : undefined;
        const bare = site && url && Object.keys((await engine.getTab(tabId))[site.id]?.values ?? {}).length === 0 ? addressWithoutOverrides(site.transports, url) : undefined;
        if (bare) await browser.tabs.update(tabId, { url: bare });
        else await browser.tabs.reload(tabId);
        return { reloaded: true };
      },
      'connection/test': ({ site, token }) => withFormSite(site, (parsed) => catalogues.testConnection(parsed, token)),
      ...signOff.handlers,
      ...keys.handlers,
      ...share.handlers,
      ...scenarios.handlers,
      ...runs.handlers,
      ...settingsPageHandlers(config),
      'tracker/test': ({ site, token }) => withFormSite(site, (parsed) => signOff.testTracker(parsed, token)),
      'sites/check-hosts': async ({ hosts }) => {
        const message = await dnr.hostsRefusal(hosts);
        return message ? { ok: false, message } : { ok: true };
      },
    },
    { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') },
  );

  const ownPages = browser.runtime.getURL('/');
  // Each router's own reply for a failure: extension pages read a ReplyError, content scripts words.
  const answerPage = answerWith(route, (error) => ({ ok: false, error: { kind: 'failed', message: errorWords(error) } }) satisfies Reply<never>);
  const answerContentScript = answerWith(
    (message, sender: Runtime.MessageSender) => (children.handles(message) ? children.onMessage(message, sender) : detection.onPageMessage(message, sender)),
    (error) => ({ ok: false, error: errorWords(error) }) satisfies PageReply<never>,
  );
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender, sendResponse: (reply: unknown) => void) =>
    // Content scripts live in web pages: they get the narrow page router, never the popup's.
    sender.url?.startsWith(ownPages) ? answerPage(message, sender, sendResponse) : answerContentScript(message, sender, sendResponse));
  const tabClosed = (tabId: number) => {
    void engine.tabClosed(tabId);
    void detection.tabClosed(tabId);
    void children.tabClosed(tabId);
    void share.tabClosed(tabId);
  };
  // Heard only while some tab is followed or has detections kept (narrowNavigation): closing a
  // tab that held nothing must not wake the worker.
  browser.tabs.onRemoved.addListener(tabClosed);
  // Documents and new windows, heard on the configured sites only unless some tab is followed
  // (navigation.ts): a page Flagtab has nothing to do with does not wake its worker. Children
  // are heard from webNavigation, which names the tab whose page opened them (tabs.onCreated's
  // openerTabId names the active tab instead).
  const navigation = registerNavigation(browser, {
    committed(tabId, url) {
      // One badge update per document (tabNavigated's), after a share link in the address is read.
      void share.documentCommitted(tabId, url)
        .catch((error: unknown) => console.error('Flagtab: could not read the share link in the address', error))
        .then(() => engine.tabNavigated(tabId, url));
    },
    createdTarget: (details) => children.createdTarget(details),
  });
  let narrowing = 0;
  async function narrowNavigation() {
    const ticket = ++narrowing;
    const [list, stored] = await Promise.all([sites(), browser.storage.session.get([OVERRIDE_STATE_KEY, SHARE_OFFERS_KEY])]);
    // Only the latest read decides: an older one may finish last.
    if (ticket !== narrowing) return;
    const everyTab = someTabFollowed(stored[OVERRIDE_STATE_KEY], stored[SHARE_OFFERS_KEY]);
    navigation.listen({ everyTab, sites: list });
    if (!everyTab && !detection.holdsRecords()) browser.tabs.onRemoved.removeListener(tabClosed);
    else if (!browser.tabs.onRemoved.hasListener(tabClosed)) browser.tabs.onRemoved.addListener(tabClosed);
    siteRequests.scope(list);
  }
  // A detection record comes or goes: whether tab closes must be heard may change with it.
  const recordComesOrGoes = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>) =>
    Object.entries(changes).some(([key, change]) => key.startsWith(DETECTION_PREFIX) && (change.oldValue === undefined) !== (change.newValue === undefined));
  browser.storage.session.onChanged.addListener((changes) => {
    if (changes[OVERRIDE_STATE_KEY] || changes[SHARE_OFFERS_KEY] || recordComesOrGoes(changes)) void narrowNavigation().catch(logNarrowing);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    // Expiry, and the re-signing of tokens at the next window boundary, both reconcile.
    if (alarm.name === EXPIRY_ALARM || alarm.name === RESIGN_ALARM) void engine.reconcile();
  });
  config.watch(() => {
    knownSites.forget();
    void engine.reconcile();
    void narrowNavigation().catch(logNarrowing);
    void sites().then((list) => detection.syncContentScripts(list));
  });
  browser.permissions.onRemoved.addListener(() => void engine.reconcile());
  // The organisation's sites (enterprise policy): copied from storage.managed when the browser
  // starts, when Flagtab is installed or updated, and when the policy changes; the watch above
  // hears the copy. Never on an ordinary wake: the first managed read of a session is slow.
  const syncPolicy = () => void config.syncManaged().catch((error: unknown) => console.error('Flagtab: could not read the organisation\'s policy', error));
  browser.runtime.onStartup.addListener(syncPolicy);
  browser.runtime.onInstalled.addListener(syncPolicy);
  (browser.storage.managed as { onChanged?: { addListener(listener: () => void): void } }).onChanged?.addListener(syncPolicy);
  // The presenter shortcut: the active tab's next scenario, said in the toolbar button's title.
  browser.commands?.onCommand.addListener((command, tab) => {
    if (tab?.id === undefined) return;
    const tabId = tab.id;
    // The reset shortcut: the active tab's overrides on every site go, as the popup's "Reset all".
    if (command === RESET_TAB_COMMAND) {
      void engine.resetTab(tabId).then(() => browser.action.setTitle({ tabId, title: 'Flagtab: this tab\'s overrides were reset' })).catch(() => undefined);
      return;
    }
    if (command !== PRESENTER_COMMAND) return;
    void scenarios.presentNext(tabId).then(
      (shown) => browser.action.setTitle({ tabId, title: `Flagtab: scenario "${shown.scenario}" (${shown.position} of ${shown.of})` }),
      (error: unknown) => browser.action.setTitle({ tabId, title: `Flagtab: ${error instanceof Error ? error.message : String(error)}` }),
    ).catch(() => undefined);
  });
  // A transport secret stored or removed (the options page writes it after saving the site)
  // changes what the tabs' rules carry: the Vercel cookie goes, or stops.
  browser.storage.local.onChanged.addListener((changes) => {
    if (changes[SECRETS_KEY]) void engine.reconcile();
  });

  // Woken after a restart: the stored state and the installed rules must agree again before the
  // event that woke the worker is served; what is kept about tabs that closed meanwhile goes
  // after it (wake-chores.ts).
  void startWake(() => engine.reconcile({ onStart: true }), {
    async forgetClosedTabs() {
      const open = await openTabIds();
      await Promise.all([detection.pruneClosedTabs(), documents.prune(open), share.prune(open)]);
    },
    narrowListeners: () => narrowNavigation().catch(logNarrowing),
    syncContentScripts: async () => detection.syncContentScripts(await sites()),
  });
  return { engine, catalogues, detection, signOff, runs, restricted };
}
