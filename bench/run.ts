/**
 * `npm run bench`: how fast the popup opens and a click reaches the network rules, how fast the
 * sign-off side panel opens and a sign-off is posted, as ratios to baselines measured in the
 * same run, and how big the popup and background bundles are.
 * Read bench/README.md for what each number means. Options: `--runs N` (or BENCH_RUNS=N),
 * FLAGTAB_SKIP_BUILD=1 to reuse an existing production build (.output/chrome-mv3).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../demo/server';
import { ROOT } from '../demo/browser/build';
import { benchBuild } from './build';
import { countWakes } from './wakes';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../demo/browser/extension';
import { configure, demoSite, eventually, storeTrackerToken } from '../demo/browser/flagtab';
import { startFakeJira, type FakeJira } from '../demo/jira/server';
import { measurePageLoads, pageLoadPlan } from './page-load';
import { DETECTION_OFF, measureAgainstRuleCopy } from './page-load-rule';
import { formatSpread, ratioSpread } from './spread';
import { FLAG_TICKET, firstBooleanKey, flagdFileWith, ticketedKey } from './catalogue';
import { assertPopupShows } from './open';
import { formatReport, type Report, type Timed } from './report';
import { measureKeystrokes } from './search';
import { measureCatalogueLoad } from './catalogue-load';
import { serveFlagsFiles, type FlagsFileServer } from './flags-server';
import { measureSizes } from './sizes';
import { measureClicks, measureOpens, type Plan } from './speed';
import { noisyScreenshot } from './png';
import { measureSends } from './send';
import { assertPanelSuggests, measureSidePanelOpens, tabWithOverride } from './sidepanel';
import { ratio, summarise, type Ratio } from './stats';
import { step } from './step';
import { measureChildTabs, summariseChildren } from './children';
import { measureWake } from './wake';
import { measureWireV2 } from './wire-v2';
import { TRANSPORT_CASES, measureTransports, storeTransportSecrets, transportSites } from './transports';
import { measureJwe } from './jwe';
import { measureGallery } from './gallery';

const WARMUPS = 2;
const BIG = 10_000;
const SMALL = 100;
const RESULTS = join(ROOT, '.output/bench/latest.json');
/** The fake Jira Cloud account the sign-off rounds post as. */
const JIRA_EMAIL = 'qa@acme.example';
const JIRA_TOKEN = 'atlassian-api-token-bench';
/** About what a busy 1280 × 800 tab capture weighs as a PNG. */
const SCREENSHOT_BYTES = 300_000;
/** A hung browser must not hang CI: give up well after a normal run (70 s or so) would end. */
const WATCHDOG_MS = 10 * 60_000;
/** The hosts of the child-tab and worker-wake sites: names the demo server answers and the e2e build may reach. */
const CHILD_HOST = 'child.localhost';
const WAKE_HOST = 'wake.localhost';

function runsFromArgs(): number {
  const flag = process.argv.indexOf('--runs');
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_RUNS;
  const runs = Number(raw ?? 15);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1 (got ${raw})`);
  return runs;
}

const log = (line: string) => process.stderr.write(`› ${line}\n`);

let ext: ExtensionBrowser | undefined;
let demo: DemoServer | undefined;

let flags: FlagsFileServer | undefined;
let jira: FakeJira | undefined;

async function cleanUp(): Promise<void> {
  const results = await Promise.allSettled([ext?.close(), demo?.close(), flags?.close(), jira?.close()]);
  for (const r of results) if (r.status === 'rejected') console.error('bench: cleanup failed', r.reason);
  ext = undefined;
  demo = undefined;
  flags = undefined;
  jira = undefined;
}

async function main(): Promise<void> {
  const started = performance.now();
  const plan: Plan = { runs: runsFromArgs(), warmups: WARMUPS };

  // What ships: the production build, with the demo's hosts granted in a copy (bench/build.ts).
  const dir = await step('building the production extension (wxt build) and its bench copy', () => benchBuild());
  const sizes = measureSizes();

  demo = await step('starting the demo server', () => startDemoServer());
  const extension = await step('starting Chromium with the bench copy of the production build', () => launchWithExtension({ extensionDir: dir }));
  ext = extension;
  const browser = (await (await extension.worker()).evaluate(() => navigator.userAgent)).match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? 'Chromium';

  // Two sites, so the 100- and 10,000-flag popups can be measured in the same rounds. Every
  // *.localhost name reaches the demo server, which answers any host with the shop. Both
  // catalogues are flags files at a URL, so both take the cached path a real provider takes.
  const big = flagdFileWith(BIG);
  const small = flagdFileWith(SMALL);
  flags = await serveFlagsFiles({ big, small });
  // The demo echoes its own six flags, which the generated catalogues do not list; the popup
  // would add them as "flags only the page knows". The popup rounds read the catalogue alone.
  const noEcho = { echoHeader: { enabled: false, name: 'X-Feature-Flags-Applied' }, markers: true, sdks: true, forceInSdks: true };
  const bigSite = demoSite(demo.siteOrigin, { catalogue: { provider: 'flags-file', url: `${flags.url}/big.json` }, detection: noEcho });
  const smallSite = demoSite(demo.siteOrigin, {
    id: 'bench-small', name: 'Bench shop (100 flags)', hosts: ['small.localhost'],
    catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` }, detection: noEcho,
  });
  // The page-load rounds: a site with every detection source on, as a new site gets it.
  const pageSite = demoSite(demo.siteOrigin, {
    id: 'bench-page', name: 'Bench shop (page loads)', hosts: ['page.localhost'],
    catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` },
  });
  await step('configuring the bench sites', () => configure(extension, [bigSite, smallSite, pageSite]));

  const unconfiguredUrl = `http://127.0.0.1:${demo.port}/`;
  // The same unconfigured page ÷ no extension while no tab holds overrides, the case the target
  // names (a page Flagtab has nothing to do with): an idle tab loads the configured page in the
  // same rounds, as in bench/page-loads.ts. Measured before the shop tabs open, so that both
  // browsers hold only the tabs being measured. The later page-load rounds hold one tab
  // overridden, when Flagtab follows every tab (navigation.ts someTabFollowed) and wakes on each load.
  const configured = `http://page.localhost:${demo.port}/`;
  const idleTab = await extension.context.newPage();
  const idlePlan = pageLoadPlan(plan);
  const idleLoads = await step(`measuring page loads with no tab overridden: ${idlePlan.warmups} warm-up + ${idlePlan.runs} rounds`, () =>
    measurePageLoads(extension, { configured, unconfigured: unconfiguredUrl }, idleTab, { ...idlePlan, onRound: (n, of) => log(`  idle page-load round ${n}/${of}`) }));
  await idleTab.close();
  const tabs = await step('opening a shop tab on each catalogue site', async () => {
    const bigTab = await extension.context.newPage();
    await bigTab.goto(demo!.siteOrigin);
    const smallTab = await extension.context.newPage();
    await smallTab.goto(`http://small.localhost:${demo!.port}/`);
    return { big: await tabIdOf(extension, bigTab), small: await tabIdOf(extension, smallTab) };
  });
  // Nothing is overridden yet: a page Flagtab has nothing to do with must not wake its worker.
  const wakesIdle = await step(`counting worker wakes: ${plan.runs} unconfigured page loads, no tab overridden`, () =>
    countWakes(extension, { unconfigured: unconfiguredUrl, control: demo!.siteOrigin }, plan.runs));
  await step(`checking the popup lists ${BIG} flags`, () => assertPopupShows(extension, tabs.big, BIG));
  await step(`checking the popup lists ${SMALL} flags`, () => assertPopupShows(extension, tabs.small, SMALL));

  const opens = await step(`measuring popup open: ${plan.warmups} warm-up + ${plan.runs} rounds`, () =>
    measureOpens(extension, tabs, { ...plan, onRound: (n, of) => log(`  open round ${n}/${of}`) }));
  const key = firstBooleanKey(big);
  const clicks = await step(`measuring click → rule: ${plan.warmups} warm-up + ${plan.runs} rounds`, () =>
    measureClicks(extension, { tabId: tabs.big, key, hosts: bigSite.hosts, flags: BIG }, { ...plan, onRound: (n, of) => log(`  click round ${n}/${of}`) }));

  // The configured tab as a tester has it: one override set, every detection source on. The
  // unconfigured page is the same shop at 127.0.0.1, a host Flagtab has no access to, as any
  // site a tester has not added (the test build is granted every *.localhost host up front).
  // One click away from the default, whichever it is, is an override.
  const switched = firstBooleanKey(small);
  const pageTab = await step(`page loads: a tab on ${configured} with ${switched} overridden`, () => tabWithOverride(extension, configured, switched));
  // Page loads take more rounds than the rest (page-load.ts pageLoadPlan): their targets are a few per cent.
  const pagePlan = pageLoadPlan(plan);
  const loads = await step(`measuring page loads with and without Flagtab: ${pagePlan.warmups} warm-up + ${pagePlan.runs} rounds`, () =>
    measurePageLoads(extension, { configured, unconfigured: unconfiguredUrl }, pageTab.page,
      { ...pagePlan, onRound: (n, of) => log(`  page-load round ${n}/${of}`) }));
  await step('checking Flagtab\'s detection ran on the configured page', () => assertDetectionRan(extension, pageTab.tabId));
  const ruleCopy = await step(`measuring page loads, Flagtab ÷ an empty extension holding a copy of its rules, detection on and off: ${pagePlan.warmups} warm-up + ${pagePlan.runs} rounds each`, () =>
    measureAgainstRuleCopy(extension, { ...pageTab, url: configured, siteId: pageSite.id }, { ...pagePlan, onRound: (n, of) => log(`  rule-copy round ${n}/${of}`) },
      (on) => configure(extension, [bigSite, smallSite, on ? pageSite : { ...pageSite, detection: DETECTION_OFF }])));
  const wakesOverridden = await step(`counting worker wakes: ${plan.runs} unconfigured page loads, another tab overridden`, () =>
    countWakes(extension, { unconfigured: unconfiguredUrl, control: demo!.siteOrigin }, plan.runs));

  const searchBig = await step(`measuring search keystrokes: ${plan.runs + plan.warmups} in the ${BIG}-flag popup`, () =>
    measureKeystrokes(extension, tabs.big, plan.runs + plan.warmups, BIG));
  const searchSmall = await step(`measuring search keystrokes: ${plan.runs + plan.warmups} in the ${SMALL}-flag popup`, () =>
    measureKeystrokes(extension, tabs.small, plan.runs + plan.warmups, SMALL));

  // Sign-offs: both catalogue sites now post to a local Jira Cloud on jira.localhost, a host the
  // e2e build may reach, as a real tracker after the site is saved. Only the tracker is added:
  // the catalogues' cache (keyed by their source) stays as it is.
  const fakeJira = await step('starting the fake Jira Cloud', () => startFakeJira({ flavour: 'cloud', email: JIRA_EMAIL, apiToken: JIRA_TOKEN, issues: [FLAG_TICKET] }));
  jira = fakeJira;
  const jiraOrigin = fakeJira.origin.replace('127.0.0.1', 'jira.localhost');
  const tracker = { tracker: 'jira-cloud', baseUrl: jiraOrigin, email: JIRA_EMAIL } as const;
  await step('giving both catalogue sites the Jira tracker and its token', async () => {
    await configure(extension, [{ ...bigSite, tracker }, { ...smallSite, tracker }, pageSite]);
    for (const site of [bigSite, smallSite]) await storeTrackerToken(extension, site.id, JIRA_TOKEN, jiraOrigin);
  });
  // Fresh tabs with the ticketed flag overridden, so each draft takes the flag-ticket path.
  const ticketed = ticketedKey(big);
  const panelTabs = {
    big: (await step(`side panel: a tab on the ${BIG}-flag site with ${ticketed} overridden`, () => tabWithOverride(extension, demo!.siteOrigin, ticketed))).tabId,
    small: (await step(`side panel: a tab on the ${SMALL}-flag site with ${ticketed} overridden`, () =>
      tabWithOverride(extension, `http://small.localhost:${demo!.port}/`, ticketed))).tabId,
  };
  await step(`checking the ${BIG}-flag side panel suggests ${FLAG_TICKET}`, () => assertPanelSuggests(extension, panelTabs.big, FLAG_TICKET, ticketed));
  await step(`checking the ${SMALL}-flag side panel suggests ${FLAG_TICKET}`, () => assertPanelSuggests(extension, panelTabs.small, FLAG_TICKET, ticketed));
  const panels = await step(`measuring side panel open: ${plan.warmups} warm-up + ${plan.runs} rounds`, () =>
    measureSidePanelOpens(extension, { tabs: panelTabs, bigSiteId: bigSite.id }, { ...plan, onRound: (n, of) => log(`  panel round ${n}/${of}`) }));
  const screenshot = noisyScreenshot(SCREENSHOT_BYTES);
  const sends = await step(`measuring send → posted to Jira: ${plan.warmups} warm-up + ${plan.runs} rounds`, () => measureSends(extension, {
    tabId: panelTabs.small, siteId: smallSite.id, jira: fakeJira, jiraOrigin, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, screenshot,
  }, { ...plan, onRound: (n, of) => log(`  send round ${n}/${of}`) }));
  // Child tabs and worker wake-ups: two more sites on the same server (every *.localhost name
  // reaches it), added after the sign-off rounds so those measured the configuration they had.
  const childSite = demoSite(demo.siteOrigin, { id: 'bench-child', name: 'Bench shop (child tabs)', hosts: [CHILD_HOST], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  const wakeSite = demoSite(demo.siteOrigin, { id: 'bench-wake', name: 'Bench shop (worker wake)', hosts: [WAKE_HOST], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  await step('adding the child-tab and worker-wake sites', () => configure(extension, [{ ...bigSite, tracker }, { ...smallSite, tracker }, pageSite, childSite, wakeSite]));
  const parent = await step(`child tabs: a parent tab on ${CHILD_HOST} with ${switched} overridden`, () =>
    tabWithOverride(extension, `http://${CHILD_HOST}:${demo!.port}/`, switched));
  const children = await step(`measuring child tabs opened by a click, worker awake and stopped: ${plan.warmups} warm-up + ${plan.runs} rounds`, () =>
    measureChildTabs(extension, demo!, { parent: parent.page, host: CHILD_HOST, key: switched }, { ...plan, onRound: (n, of) => log(`  child round ${n}/${of}`) }));
  const wakeTabId = await step(`worker wake: a tab on ${WAKE_HOST}`, async () => {
    const tab = await extension.context.newPage();
    await tab.goto(`http://${WAKE_HOST}:${demo!.port}/`);
    return tabIdOf(extension, tab);
  });
  const wakes = await step(`measuring stopped worker woken by a message → rule, Flagtab and an empty extension: ${plan.warmups} warm-up + ${plan.runs} rounds`, () =>
    measureWake(extension, { tabId: wakeTabId, siteId: wakeSite.id, key: switched, hosts: wakeSite.hosts }, { ...plan, onRound: (n, of) => log(`  wake round ${n}/${of}`) }));
  const transportCases = TRANSPORT_CASES;
  await step(`adding one site per transport (${transportCases.map((c) => c.id).join(', ')})`, async () => {
    await configure(extension, [{ ...bigSite, tracker }, { ...smallSite, tracker }, pageSite, childSite, wakeSite, ...transportSites(transportCases, `${flags!.url}/small.json`)]);
    await storeTransportSecrets(extension, transportCases);
  });
  const perTransport = await step(`measuring a change → rules installed, per transport: ${plan.warmups} warm-up + ${plan.runs} rounds`, () =>
    measureTransports(extension, demo!.port, transportCases, switched, { ...plan, onRound: (n, of) => log(`  transport round ${n}/${of}`) }));
  const load = await step('measuring catalogue fetch + normalise (5,000 flags, Node)', () => measureCatalogueLoad(plan, (n, of) => log(`  load round ${n}/${of}`)));
  const wire = await step('measuring wire v2 verification and header sizes (Node)', () => measureWireV2(plan));
  const jwe = await step('measuring the Vercel cookie\'s JWE per change (Node)', () => measureJwe(plan));
  // Short: each round is a whole 3-step run. Its own Chromium, with capture access.
  const galleryPlan: Plan = { runs: Math.min(plan.runs, 5), warmups: 1, onRound: (n, of) => log(`  gallery round ${n}/${of}`) };
  const gallery = await step(`measuring a 4-variant gallery ÷ reload + settle, and the contact sheet at 4 and 16 images: 1 warm-up + ${galleryPlan.runs} rounds`, () => measureGallery(demo!.siteOrigin, galleryPlan));

  const childSummary = { awake: summariseChildren(children.awake), stopped: summariseChildren(children.stopped) };
  const empty = summarise(opens.empty);
  const update = summarise(clicks.updateSessionRules);
  const measured = {
    emptyPage: { summary: empty, samples: opens.empty },
    oneScriptPage: { summary: summarise(opens.oneScript), samples: opens.oneScript },
    popup100: { summary: summarise(opens.popup100), samples: opens.popup100 },
    popup10000: { summary: summarise(opens.popup10000), samples: opens.popup10000 },
    popup10000Stopped: { summary: summarise(opens.popup10000Stopped), samples: opens.popup10000Stopped },
    keystroke100: { summary: summarise(searchSmall.samples.slice(plan.warmups)), samples: searchSmall.samples.slice(plan.warmups) },
    keystroke10000: { summary: summarise(searchBig.samples.slice(plan.warmups)), samples: searchBig.samples.slice(plan.warmups) },
    popupHeapBytes: { flags100: searchSmall.heapBytes, flags10000: searchBig.heapBytes },
    catalogueLoad: load,
    updateSessionRules: { summary: update, samples: clicks.updateSessionRules },
    clickToRule: { summary: summarise(clicks.clickToRule), samples: clicks.clickToRule, polls: clicks.polls, key },
    pageLoad: Object.fromEntries(Object.entries(loads).map(([kind, samples]) => [kind, { summary: summarise(samples), samples }])) as
      Record<keyof typeof loads, { summary: ReturnType<typeof summarise>; samples: number[] }>,
    pageLoadNoTabOverridden: Object.fromEntries(Object.entries(idleLoads).map(([kind, samples]) => [kind, { summary: summarise(samples), samples }])),
    pageLoadRuleCopy: {
      rounds: pagePlan.runs,
      detectionOn: { rules: ruleCopy.detectionOn.rules, ...withSummaries({ flagtab: ruleCopy.detectionOn.flagtab, emptyWithRule: ruleCopy.detectionOn.emptyWithRule }) },
      detectionOff: { rules: ruleCopy.detectionOff.rules, ...withSummaries({ flagtab: ruleCopy.detectionOff.flagtab, emptyWithRule: ruleCopy.detectionOff.emptyWithRule }) },
    },
    sidePanel: withSummaries(panels),
    childTabs: { awake: childSummary.awake, stopped: childSummary.stopped, rounds: children },
    wake: withSummaries(wakes),
    wakesPerUnconfiguredLoad: { noTabOverridden: wakesIdle, anotherTabOverridden: wakesOverridden },
    transports: withSummaries(perTransport),
    gallery: withSummaries({ reloadSettle: gallery.reloadSettle, perStep: gallery.perStep, sheet4: gallery.sheet4, sheet16: gallery.sheet16 }),
    send: {
      ...withSummaries({ direct: sends.direct, outbox: sends.outbox, directShot: sends.directShot, outboxShot: sends.outboxShot }),
      saved: withSummaries(sends.saved),
      requests: sends.requests,
      screenshot: { bytes: screenshot.bytes, width: screenshot.width, height: screenshot.height },
    },
  };
  const ratios = {
    oneScriptPageVsEmptyPage: ratio(measured.oneScriptPage.summary, empty),
    popup100VsEmptyPage: ratio(measured.popup100.summary, empty),
    popup10000VsEmptyPage: ratio(measured.popup10000.summary, empty),
    popup10000VsPopup100: ratio(measured.popup10000.summary, measured.popup100.summary),
    popup10000StoppedVsEmptyPage: ratio(measured.popup10000Stopped.summary, empty),
    popup10000StoppedVsAwake: ratio(measured.popup10000Stopped.summary, measured.popup10000.summary),
    keystroke10000VsKeystroke100: ratio(measured.keystroke10000.summary, measured.keystroke100.summary),
    loadVsRawFetch: ratio(load.flagtab.summary, load.rawFetch.summary),
    clickToRuleVsUpdateSessionRules: ratio(measured.clickToRule.summary, update),
    pageLoadConfigured: ratio(measured.pageLoad.configuredWith.summary, measured.pageLoad.configuredWithout.summary),
    pageLoadUnconfiguredIdle: ratio(summarise(idleLoads.unconfiguredWith), summarise(idleLoads.unconfiguredWithout)),
    pageLoadUnconfigured: ratio(measured.pageLoad.unconfiguredWith.summary, measured.pageLoad.unconfiguredWithout.summary),
    pageLoadVsRuleCopyDetectionOn: ratio(measured.pageLoadRuleCopy.detectionOn.flagtab.summary, measured.pageLoadRuleCopy.detectionOn.emptyWithRule.summary),
    pageLoadVsRuleCopyDetectionOff: ratio(measured.pageLoadRuleCopy.detectionOff.flagtab.summary, measured.pageLoadRuleCopy.detectionOff.emptyWithRule.summary),
    panel100VsEmptyWindow: ratio(measured.sidePanel.panel100.summary, measured.sidePanel.empty.summary),
    panel10000VsEmptyWindow: ratio(measured.sidePanel.panel10000.summary, measured.sidePanel.empty.summary),
    panel10000VsPanel100: ratio(measured.sidePanel.panel10000.summary, measured.sidePanel.panel100.summary),
    sendVsDirect: ratio(measured.send.outbox.summary, measured.send.direct.summary),
    sendShotVsDirectShot: ratio(measured.send.outboxShot.summary, measured.send.directShot.summary),
    galleryStepVsReloadSettle: ratio(summarise(gallery.perStep), summarise(gallery.reloadSettle)),
    sheet16VsSheet4: ratio(summarise(gallery.sheet16), summarise(gallery.sheet4)),
    wakeVsEmptyWorker: ratio(measured.wake.flagtab.summary, measured.wake.emptyWorker.summary),
    wakeFloorVsEmptyWorker: ratio(measured.wake.emptyWorkerCarrying.summary, measured.wake.emptyWorker.summary),
    wakeAnswerVsEmptyWorker: ratio(measured.wake.flagtabAnswer.summary, measured.wake.emptyWorkerAnswer.summary),
    ...Object.fromEntries(transportCases.filter((c) => c.id !== 'header').map((c) => [`transport_${c.id}VsHeader`, ratio(measured.transports[c.id]!.summary, measured.transports.header!.summary)])),
    ...childRatios(childSummary),
  };
  // How far each page-load ratio moves when its rounds are drawn again (spread.ts): a 90 % interval.
  const pageLoadSpreads = {
    unconfiguredIdle: ratioSpread(idleLoads.unconfiguredWith, idleLoads.unconfiguredWithout),
    unconfigured: ratioSpread(loads.unconfiguredWith, loads.unconfiguredWithout),
    configured: ratioSpread(loads.configuredWith, loads.configuredWithout),
    ruleCopyDetectionOn: ratioSpread(ruleCopy.detectionOn.flagtab, ruleCopy.detectionOn.emptyWithRule),
    ruleCopyDetectionOff: ratioSpread(ruleCopy.detectionOff.flagtab, ruleCopy.detectionOff.emptyWithRule),
  };
  const panel = measured.sidePanel;
  const send = measured.send;
  const kb = `${Math.round(screenshot.bytes / 1000)} KB`;

  await cleanUp();
  const report: Report = {
    runs: plan.runs,
    warmups: plan.warmups,
    browser,
    cpus: availableParallelism(),
    seconds: (performance.now() - started) / 1000,
    sizes,
    wireSizes: wire.sizes,
    extra: [
      [`Popup, ${SMALL} flags → all listed (ms, one open)`, Math.round(searchSmall.fullListMs)],
      [`Popup, ${BIG.toLocaleString('en-US')} flags → all listed (ms, one open)`, Math.round(searchBig.fullListMs)],
      ['signoff/draft round trip, 100 flags (median)', tenths(panel.draft100.summary.median)],
      [`signoff/draft round trip, ${BIG.toLocaleString('en-US')} flags (median)`, tenths(panel.draft10000.summary.median)],
      [`storage.local read of the ${BIG.toLocaleString('en-US')}-flag catalogue's chunks (median)`, tenths(panel.chunks10000.summary.median)],
      ['Send → sign-off saved in the outbox, no screenshot (median)', tenths(send.saved.outbox.summary.median)],
      [`Send → sign-off saved in the outbox, ${kb} screenshot (median)`, tenths(send.saved.outboxShot.summary.median)],
    ],
    rates: [
      ['Unconfigured page loads that woke the stopped worker, no tab overridden', `${wakesIdle.woke} of ${wakesIdle.of}`] as [string, string],
      ['Unconfigured page loads that woke the stopped worker, another tab overridden', `${wakesOverridden.woke} of ${wakesOverridden.of}`] as [string, string],
      ['Page load, unconfigured site, no tab overridden, Flagtab ÷ no extension', formatSpread(pageLoadSpreads.unconfiguredIdle)] as [string, string],
      ['Page load, unconfigured site, another tab overridden, Flagtab ÷ no extension', formatSpread(pageLoadSpreads.unconfigured)] as [string, string],
      ['Page load, configured site (1 override), Flagtab ÷ no extension', formatSpread(pageLoadSpreads.configured)] as [string, string],
      ['Page load, configured site (1 override), detection on, Flagtab ÷ empty extension with its rules', formatSpread(pageLoadSpreads.ruleCopyDetectionOn)] as [string, string],
      ['Page load, configured site (1 override), detection off, Flagtab ÷ empty extension with its rules', formatSpread(pageLoadSpreads.ruleCopyDetectionOff)] as [string, string],
    ].concat((['awake', 'stopped'] as const).flatMap((worker) => {
      const c = childSummary[worker];
      return [
        [`Child tab by a click, worker ${worker}: first documents that carried the overrides`, `${c.carried} of ${c.of}`] as [string, string],
        [`Child tab by a click, worker ${worker}: child tabs given a rule within 10 s`, `${c.of - c.noRule} of ${c.of}`] as [string, string],
      ];
    })),
    memory: [
      ['Popup JS heap, 100 flags', searchSmall.heapBytes],
      ['Popup JS heap, 10,000 flags', searchBig.heapBytes],
      [`Node heap held by a ${load.flagCount.toLocaleString('en-US')}-flag catalogue`, load.heapBytes],
      [`Stored catalogue (storage.local JSON), ${load.flagCount.toLocaleString('en-US')} flags`, load.storedBytes],
    ],
    speed: [
      [
        { label: 'Empty extension page → readyState complete', summary: empty },
        { label: 'The same with one 12-byte script (the floor of any popup)', summary: measured.oneScriptPage.summary, ratio: ratios.oneScriptPageVsEmptyPage },
        { label: 'Popup, 100 flags → interactive', summary: measured.popup100.summary, ratio: ratios.popup100VsEmptyPage },
        { label: 'Popup, 10,000 flags → interactive', summary: measured.popup10000.summary, ratio: ratios.popup10000VsEmptyPage },
        { label: 'Popup, 10,000 flags → interactive, worker stopped first', summary: measured.popup10000Stopped.summary, ratio: ratios.popup10000StoppedVsEmptyPage },
      ],
      [
        { label: 'Popup, 10,000 flags → interactive, worker awake', summary: measured.popup10000.summary },
        { label: 'Popup, 10,000 flags → interactive, worker stopped first', summary: measured.popup10000Stopped.summary, ratio: ratios.popup10000StoppedVsAwake },
      ],
      [
        { label: 'Popup, 100 flags → interactive', summary: measured.popup100.summary },
        { label: 'Popup, 10,000 flags → interactive', summary: measured.popup10000.summary, ratio: ratios.popup10000VsPopup100 },
      ],
      [
        { label: 'Search keystroke → painted, 100 flags', summary: measured.keystroke100.summary },
        { label: 'Search keystroke → painted, 10,000 flags', summary: measured.keystroke10000.summary, ratio: ratios.keystroke10000VsKeystroke100 },
      ],
      [
        { label: `Raw fetch + JSON.parse, ${load.flagCount.toLocaleString('en-US')} flags (${load.requests} pages)`, summary: load.rawFetch.summary },
        { label: `Flagtab fetch + normalise, ${load.flagCount.toLocaleString('en-US')} flags`, summary: load.flagtab.summary, ratio: ratios.loadVsRawFetch },
      ],
      [
        { label: 'JSON.parse of 10 overrides (µs per request, Node)', summary: wire.jsonParse.summary },
        { label: 'Wire v2 verify, Ed25519, 10 overrides (µs per request, Node)', summary: wire.verify.summary, ratio: wire.ratio },
      ],
      [
        { label: 'Page load → load event, configured site, no Flagtab', summary: measured.pageLoad.configuredWithout.summary },
        { label: 'Page load, configured site, Flagtab (1 override, detection on)', summary: measured.pageLoad.configuredWith.summary, ratio: ratios.pageLoadConfigured },
      ],
      ...(['detectionOn', 'detectionOff'] as const).map((mode) => {
        const copy = measured.pageLoadRuleCopy[mode];
        const detection = mode === 'detectionOn' ? 'detection on' : 'detection off';
        return [
          { label: `Page load, configured site, empty extension holding Flagtab's rules (${detection})`, summary: copy.emptyWithRule.summary },
          { label: `Page load, configured site, Flagtab (1 override, ${detection})`, summary: copy.flagtab.summary, ratio: ratio(copy.flagtab.summary, copy.emptyWithRule.summary) },
        ];
      }),
      [
        { label: 'Page load → load event, unconfigured site, no Flagtab (no tab overridden)', summary: summarise(idleLoads.unconfiguredWithout) },
        { label: 'Page load, unconfigured site, Flagtab installed, no tab overridden', summary: summarise(idleLoads.unconfiguredWith), ratio: ratios.pageLoadUnconfiguredIdle },
      ],
      [
        { label: 'Page load → load event, unconfigured site, no Flagtab (another tab overridden)', summary: measured.pageLoad.unconfiguredWithout.summary },
        { label: 'Page load, unconfigured site, Flagtab installed, another tab overridden', summary: measured.pageLoad.unconfiguredWith.summary, ratio: ratios.pageLoadUnconfigured },
      ],
      [
        { label: 'One bare updateSessionRules call', summary: update },
        { label: 'Click → rule installed (10,000 flags)', summary: measured.clickToRule.summary, ratio: ratios.clickToRuleVsUpdateSessionRules },
      ],
      [
        { label: 'Empty extension page in a window → readyState complete', summary: panel.empty.summary },
        { label: 'Side panel, 100 flags → form ready', summary: panel.panel100.summary, ratio: ratios.panel100VsEmptyWindow },
        { label: 'Side panel, 10,000 flags → form ready', summary: panel.panel10000.summary, ratio: ratios.panel10000VsEmptyWindow },
      ],
      [
        { label: 'Side panel, 100 flags → form ready', summary: panel.panel100.summary },
        { label: 'Side panel, 10,000 flags → form ready', summary: panel.panel10000.summary, ratio: ratios.panel10000VsPanel100 },
      ],
      [
        { label: 'Jira comment POST with fetch', summary: send.direct.summary },
        { label: 'Send → in the history, no screenshot', summary: send.outbox.summary, ratio: ratios.sendVsDirect },
      ],
      [
        { label: `Jira ${kb} attachment + comment with fetch`, summary: send.directShot.summary },
        { label: `Send → in the history, ${kb} screenshot`, summary: send.outboxShot.summary, ratio: ratios.sendShotVsDirectShot },
      ],
      [
        { label: 'Empty extension: stopped worker woken by a message → rule', summary: measured.wake.emptyWorker.summary },
        { label: 'The same, empty extension carrying background.js\'s bytes unrun (the floor of a worker this size)', summary: measured.wake.emptyWorkerCarrying.summary, ratio: ratios.wakeFloorVsEmptyWorker },
        { label: 'Flagtab: stopped worker woken by overrides/set → rule', summary: measured.wake.flagtab.summary, ratio: ratios.wakeVsEmptyWorker },
      ],
      [
        { label: 'Empty extension: stopped worker woken by a message → answer', summary: measured.wake.emptyWorkerAnswer.summary },
        { label: 'Flagtab: stopped worker woken by popup/state → answer', summary: measured.wake.flagtabAnswer.summary, ratio: ratios.wakeAnswerVsEmptyWorker },
      ],
      ...childRows(childSummary, ratios),
      [
        { label: 'Reload + settle of the shop tab (load, 500 ms network quiet)', summary: measured.gallery.reloadSettle.summary },
        { label: 'Gallery: a 4-variant run ÷ 4 (set, reload, settle, capture, record; tab put back)', summary: measured.gallery.perStep.summary, ratio: ratios.galleryStepVsReloadSettle },
      ],
      [
        { label: 'Contact sheet, 4 captures → drawn (OffscreenCanvas PNG)', summary: measured.gallery.sheet4.summary },
        { label: 'Contact sheet, 16 captures → drawn', summary: measured.gallery.sheet16.summary, ratio: ratios.sheet16VsSheet4 },
      ],
      [
        { label: 'Header value for 10 overrides (µs per change, Node)', summary: jwe.header.summary },
        { label: 'Vercel cookie JWE for 10 overrides (µs per change, Node)', summary: jwe.vercel.summary, ratio: jwe.ratio },
      ],
      [
        { label: 'Change → rules installed, header transport', summary: measured.transports.header!.summary },
        ...transportCases.filter((c) => c.id !== 'header').map((c) => ({
          label: `Change → rules installed, ${c.id} transport`, summary: measured.transports[c.id]!.summary, ratio: ratio(measured.transports[c.id]!.summary, measured.transports.header!.summary),
        })),
      ],
    ],
  };
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  // performance.now() is coarsened to 0.1 ms outside cross-origin isolation; more digits are noise.
  const rounded = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
  writeFileSync(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), ...report, speed: undefined, measured, wire, jwe, ratios, pageLoadSpreads }, rounded, 2)}\n`);
  console.log(formatReport(report));
  console.log(`Results: ${RESULTS}`);
}

/** Each sample list with its summary, as latest.json keeps them. */
function withSummaries<K extends string>(samples: Record<K, number[]>): Record<K, { summary: ReturnType<typeof summarise>; samples: number[] }> {
  return Object.fromEntries(Object.entries<number[]>(samples).map(([kind, list]) => [kind, { summary: summarise(list), samples: list }])) as
    Record<K, { summary: ReturnType<typeof summarise>; samples: number[] }>;
}

type ChildSummary = Record<'awake' | 'stopped', ReturnType<typeof summariseChildren>>;

/** Click → child's rule ÷ click → child's first document at the server; only where rules came. */
function childRatios(c: ChildSummary): Partial<Record<'childRuleVsRequestAwake' | 'childRuleVsRequestStopped', Ratio>> {
  const out: Partial<Record<'childRuleVsRequestAwake' | 'childRuleVsRequestStopped', Ratio>> = {};
  if (c.awake.ruleMs.length) out.childRuleVsRequestAwake = ratio(summarise(c.awake.ruleMs), summarise(c.awake.requestMs));
  if (c.stopped.ruleMs.length) out.childRuleVsRequestStopped = ratio(summarise(c.stopped.ruleMs), summarise(c.stopped.requestMs));
  return out;
}

/**
 * The child-tab rows: click → the child's first document reached the server (baseline), and
 * click → the child's rule was installed; a ratio under 1 means the rule came first.
 */
function childRows(c: ChildSummary, ratios: Partial<Record<'childRuleVsRequestAwake' | 'childRuleVsRequestStopped', Ratio>>): Timed[][] {
  return (['awake', 'stopped'] as const).map((worker) => {
    const rows: Timed[] = [{ label: `Click → child's first document at the server, worker ${worker}`, summary: summarise(c[worker].requestMs) }];
    const r = worker === 'awake' ? ratios.childRuleVsRequestAwake : ratios.childRuleVsRequestStopped;
    if (c[worker].ruleMs.length) rows.push({ label: `Click → child's rule installed, worker ${worker} (${c[worker].ruleMs.length} of ${c[worker].of})`, summary: summarise(c[worker].ruleMs), ...(r ? { ratio: r } : {}) });
    return rows;
  });
}

/** Milliseconds to one decimal: the page clock's resolution (0.1 ms). */
const tenths = (ms: number) => Math.round(ms * 10) / 10;

/** A page-load ratio for a site where Flagtab did nothing would be worthless: check it watched. */
async function assertDetectionRan(ext: ExtensionBrowser, tabId: number): Promise<void> {
  const sw = await ext.worker();
  await eventually(
    () => sw.evaluate(async (key) => (await chrome.storage.session.get(key))[key] as { contentScript?: boolean; flags?: object } | undefined, `detect.v1:${tabId}`),
    (d) => {
      if (!d?.contentScript || Object.keys(d.flags ?? {}).length === 0) throw new Error('Flagtab\'s page script and echo reader did not run on the configured page during the bench');
    },
  );
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; giving up.`);
  void cleanUp().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

try {
  await main();
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}
process.exit(process.exitCode ?? 0);
