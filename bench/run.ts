/**
 * `npm run bench`: how fast the popup opens and a click reaches the network rules, how fast the
 * sign-off side panel opens and a sign-off is posted, as ratios to baselines measured in the
 * same run, and how big the popup and background bundles are.
 * Read bench/README.md for what each number means. Options: `--runs N` (or BENCH_RUNS=N),
 * FLAGTAB_SKIP_BUILD=1 to reuse an existing e2e build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../demo/server';
import { ROOT, buildExtension } from '../tests/e2e/support/build';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../tests/e2e/support/extension';
import { PopupPage, configure, demoSite, eventually, storeTrackerToken } from '../tests/e2e/support/flagtab';
import { startFakeJira, type FakeJira } from '../tests/support/fake-trackers/jira';
import { measurePageLoads } from './page-load';
import { FLAG_TICKET, firstBooleanKey, flagdFileWith, ticketedKey } from './catalogue';
import { EMPTY_PAGE, EMPTY_PAGE_HTML, assertPopupShows } from './open';
import { formatReport, type Report } from './report';
import { measureKeystrokes } from './search';
import { measureCatalogueLoad } from './catalogue-load';
import { serveFlagsFiles, type FlagsFileServer } from './flags-server';
import { buildProduction, measureSizes } from './sizes';
import { measureClicks, measureOpens, type Plan } from './speed';
import { noisyScreenshot } from './png';
import { measureSends } from './send';
import { assertPanelSuggests, measureSidePanelOpens, tabWithOverride } from './sidepanel';
import { ratio, summarise } from './stats';

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
const WATCHDOG_MS = 6 * 60_000;

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

  log('building the production extension (wxt build) for bundle sizes');
  buildProduction();
  const sizes = measureSizes();

  log('building the e2e extension');
  const dir = await buildExtension('chrome');
  writeFileSync(join(dir, EMPTY_PAGE), EMPTY_PAGE_HTML);

  demo = await startDemoServer();
  ext = await launchWithExtension();
  const browser = (await (await ext.worker()).evaluate(() => navigator.userAgent)).match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? 'Chromium';

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
  await configure(ext, [bigSite, smallSite, pageSite]);

  const bigTab = await ext.context.newPage();
  await bigTab.goto(demo.siteOrigin);
  const smallTab = await ext.context.newPage();
  await smallTab.goto(`http://small.localhost:${demo.port}/`);
  const tabs = { big: await tabIdOf(ext, bigTab), small: await tabIdOf(ext, smallTab) };
  await assertPopupShows(ext, tabs.big, BIG);
  await assertPopupShows(ext, tabs.small, SMALL);

  log(`measuring popup open: ${plan.warmups} warm-up + ${plan.runs} rounds`);
  const opens = await measureOpens(ext, tabs, { ...plan, onRound: (n, of) => log(`  open round ${n}/${of}`) });
  log(`measuring click → rule: ${plan.warmups} warm-up + ${plan.runs} rounds`);
  const key = firstBooleanKey(big);
  const clicks = await measureClicks(ext, { tabId: tabs.big, key, hosts: bigSite.hosts, flags: BIG }, { ...plan, onRound: (n, of) => log(`  click round ${n}/${of}`) });

  log(`measuring page loads with and without Flagtab: ${plan.warmups} warm-up + ${plan.runs} rounds`);
  // The configured tab as a tester has it: one override set, every detection source on. The
  // unconfigured page is the same shop at 127.0.0.1, a host Flagtab has no access to, as any
  // site a tester has not added (the test build is granted every *.localhost host up front).
  const pageTab = await ext.context.newPage();
  const configured = `http://page.localhost:${demo.port}/`;
  await pageTab.goto(configured);
  const pageTabId = await tabIdOf(ext, pageTab);
  const popup = await PopupPage.open(ext, pageTabId);
  // One click away from the default, whichever it is, is an override.
  const switched = firstBooleanKey(small);
  await popup.flagSwitch(switched).click();
  await popup.page.getByRole('button', { name: `Reset ${switched}` }).waitFor();
  await popup.page.close();
  const loads = await measurePageLoads(ext, { configured, unconfigured: `http://127.0.0.1:${demo.port}/` }, pageTab,
    { ...plan, onRound: (n, of) => log(`  page-load round ${n}/${of}`) });
  await assertDetectionRan(ext, pageTabId);

  log(`measuring search keystrokes: ${plan.runs} in each popup`);
  const searchBig = await measureKeystrokes(ext, tabs.big, plan.runs + plan.warmups, BIG);
  const searchSmall = await measureKeystrokes(ext, tabs.small, plan.runs + plan.warmups, SMALL);

  // Sign-offs: both catalogue sites now post to a local Jira Cloud on jira.localhost, a host the
  // e2e build may reach, as a real tracker after the site is saved. Only the tracker is added:
  // the catalogues' cache (keyed by their source) stays as it is.
  jira = await startFakeJira({ flavour: 'cloud', email: JIRA_EMAIL, apiToken: JIRA_TOKEN, issues: [FLAG_TICKET] });
  const jiraOrigin = jira.origin.replace('127.0.0.1', 'jira.localhost');
  const tracker = { tracker: 'jira-cloud', baseUrl: jiraOrigin, email: JIRA_EMAIL } as const;
  await configure(ext, [{ ...bigSite, tracker }, { ...smallSite, tracker }, pageSite]);
  for (const site of [bigSite, smallSite]) await storeTrackerToken(ext, site.id, JIRA_TOKEN, jiraOrigin);
  // Fresh tabs with the ticketed flag overridden, so each draft takes the flag-ticket path.
  const ticketed = ticketedKey(big);
  const panelTabs = {
    big: await tabWithOverride(ext, demo.siteOrigin, ticketed),
    small: await tabWithOverride(ext, `http://small.localhost:${demo.port}/`, ticketed),
  };
  await assertPanelSuggests(ext, panelTabs.big, FLAG_TICKET, ticketed);
  await assertPanelSuggests(ext, panelTabs.small, FLAG_TICKET, ticketed);
  log(`measuring side panel open: ${plan.warmups} warm-up + ${plan.runs} rounds`);
  const panels = await measureSidePanelOpens(ext, { tabs: panelTabs, bigSiteId: bigSite.id }, { ...plan, onRound: (n, of) => log(`  panel round ${n}/${of}`) });
  log(`measuring send → posted to Jira: ${plan.warmups} warm-up + ${plan.runs} rounds`);
  const screenshot = noisyScreenshot(SCREENSHOT_BYTES);
  const sends = await measureSends(ext, {
    tabId: panelTabs.small, siteId: smallSite.id, jira, jiraOrigin, email: JIRA_EMAIL, apiToken: JIRA_TOKEN, screenshot,
  }, { ...plan, onRound: (n, of) => log(`  send round ${n}/${of}`) });
  log('measuring catalogue fetch + normalise (5,000 flags, Node)');
  const load = await measureCatalogueLoad(plan, (n, of) => log(`  load round ${n}/${of}`));

  const empty = summarise(opens.empty);
  const update = summarise(clicks.updateSessionRules);
  const measured = {
    emptyPage: { summary: empty, samples: opens.empty },
    popup100: { summary: summarise(opens.popup100), samples: opens.popup100 },
    popup10000: { summary: summarise(opens.popup10000), samples: opens.popup10000 },
    keystroke100: { summary: summarise(searchSmall.samples.slice(plan.warmups)), samples: searchSmall.samples.slice(plan.warmups) },
    keystroke10000: { summary: summarise(searchBig.samples.slice(plan.warmups)), samples: searchBig.samples.slice(plan.warmups) },
    popupHeapBytes: { flags100: searchSmall.heapBytes, flags10000: searchBig.heapBytes },
    catalogueLoad: load,
    updateSessionRules: { summary: update, samples: clicks.updateSessionRules },
    clickToRule: { summary: summarise(clicks.clickToRule), samples: clicks.clickToRule, polls: clicks.polls, key },
    pageLoad: Object.fromEntries(Object.entries(loads).map(([kind, samples]) => [kind, { summary: summarise(samples), samples }])) as
      Record<keyof typeof loads, { summary: ReturnType<typeof summarise>; samples: number[] }>,
    sidePanel: withSummaries(panels),
    send: {
      ...withSummaries({ direct: sends.direct, outbox: sends.outbox, directShot: sends.directShot, outboxShot: sends.outboxShot }),
      saved: withSummaries(sends.saved),
      requests: sends.requests,
      screenshot: { bytes: screenshot.bytes, width: screenshot.width, height: screenshot.height },
    },
  };
  const ratios = {
    popup100VsEmptyPage: ratio(measured.popup100.summary, empty),
    popup10000VsEmptyPage: ratio(measured.popup10000.summary, empty),
    popup10000VsPopup100: ratio(measured.popup10000.summary, measured.popup100.summary),
    keystroke10000VsKeystroke100: ratio(measured.keystroke10000.summary, measured.keystroke100.summary),
    loadVsRawFetch: ratio(load.flagtab.summary, load.rawFetch.summary),
    clickToRuleVsUpdateSessionRules: ratio(measured.clickToRule.summary, update),
    pageLoadConfigured: ratio(measured.pageLoad.configuredWith.summary, measured.pageLoad.configuredWithout.summary),
    pageLoadUnconfigured: ratio(measured.pageLoad.unconfiguredWith.summary, measured.pageLoad.unconfiguredWithout.summary),
    panel100VsEmptyWindow: ratio(measured.sidePanel.panel100.summary, measured.sidePanel.empty.summary),
    panel10000VsEmptyWindow: ratio(measured.sidePanel.panel10000.summary, measured.sidePanel.empty.summary),
    panel10000VsPanel100: ratio(measured.sidePanel.panel10000.summary, measured.sidePanel.panel100.summary),
    sendVsDirect: ratio(measured.send.outbox.summary, measured.send.direct.summary),
    sendShotVsDirectShot: ratio(measured.send.outboxShot.summary, measured.send.directShot.summary),
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
    extra: [
      [`Popup, ${SMALL} flags → all listed (ms, one open)`, Math.round(searchSmall.fullListMs)],
      [`Popup, ${BIG.toLocaleString('en-US')} flags → all listed (ms, one open)`, Math.round(searchBig.fullListMs)],
      ['signoff/draft round trip, 100 flags (median)', tenths(panel.draft100.summary.median)],
      [`signoff/draft round trip, ${BIG.toLocaleString('en-US')} flags (median)`, tenths(panel.draft10000.summary.median)],
      [`storage.local read of the ${BIG.toLocaleString('en-US')}-flag catalogue's chunks (median)`, tenths(panel.chunks10000.summary.median)],
      ['Send → sign-off saved in the outbox, no screenshot (median)', tenths(send.saved.outbox.summary.median)],
      [`Send → sign-off saved in the outbox, ${kb} screenshot (median)`, tenths(send.saved.outboxShot.summary.median)],
    ],
    memory: [
      ['Popup JS heap, 100 flags', searchSmall.heapBytes],
      ['Popup JS heap, 10,000 flags', searchBig.heapBytes],
      [`Node heap held by a ${load.flagCount.toLocaleString('en-US')}-flag catalogue`, load.heapBytes],
      [`Stored catalogue (storage.local JSON), ${load.flagCount.toLocaleString('en-US')} flags`, load.storedBytes],
    ],
    speed: [
      [
        { label: 'Empty extension page → readyState complete', summary: empty },
        { label: 'Popup, 100 flags → interactive', summary: measured.popup100.summary, ratio: ratios.popup100VsEmptyPage },
        { label: 'Popup, 10,000 flags → interactive', summary: measured.popup10000.summary, ratio: ratios.popup10000VsEmptyPage },
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
        { label: 'Page load → load event, configured site, no Flagtab', summary: measured.pageLoad.configuredWithout.summary },
        { label: 'Page load, configured site, Flagtab (1 override, detection on)', summary: measured.pageLoad.configuredWith.summary, ratio: ratios.pageLoadConfigured },
      ],
      [
        { label: 'Page load → load event, unconfigured site, no Flagtab', summary: measured.pageLoad.unconfiguredWithout.summary },
        { label: 'Page load, unconfigured site, Flagtab installed', summary: measured.pageLoad.unconfiguredWith.summary, ratio: ratios.pageLoadUnconfigured },
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
    ],
  };
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  // performance.now() is coarsened to 0.1 ms outside cross-origin isolation; more digits are noise.
  const rounded = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
  writeFileSync(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), ...report, speed: undefined, measured, ratios }, rounded, 2)}\n`);
  console.log(formatReport(report));
  console.log(`Results: ${RESULTS}`);
}

/** Each sample list with its summary, as latest.json keeps them. */
function withSummaries<K extends string>(samples: Record<K, number[]>): Record<K, { summary: ReturnType<typeof summarise>; samples: number[] }> {
  return Object.fromEntries(Object.entries<number[]>(samples).map(([kind, list]) => [kind, { summary: summarise(list), samples: list }])) as
    Record<K, { summary: ReturnType<typeof summarise>; samples: number[] }>;
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
