/**
 * `node --import tsx bench/page-load-work.ts [--runs N]`: what Flagtab does per page load, counted
 * rather than timed (page-load times on a shared 2-core machine are ±10–20 % per run; counts and
 * CPU time are not). Diagnostic, not part of `npm run bench`.
 *
 * - The worker: a copy of the bench build whose background.js starts with a prelude that counts,
 *   before Flagtab's code runs, every event dispatched to a listener (by event) and every call
 *   of the extension API Flagtab makes (by method). Only the counting copy differs; nothing else
 *   of the production JS changes.
 * - The page: Chrome's CPU profile (CDP Profiler) of each load, the time spent in Flagtab's
 *   content scripts (by file), and the page's own script time (Performance.getMetrics); then
 *   that script time with Flagtab's content scripts registered and with none (`scriptsOnAndOff`).
 *
 * For each kind of load (configured site with one override, detection on; unconfigured site while
 * that tab holds its override), N loads, the totals ÷ N.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../demo/browser/build';
import { launchWithExtension, type ExtensionBrowser } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import type { SiteInput } from '../lib/config/schema';
import { BENCH_DIR, benchBuild } from './build';
import { firstBooleanKey, flagdFileWith } from './catalogue';
import { serveFlagsFiles } from './flags-server';
import { loadTime } from './page-load';
import { runScript, runsFromArgs } from './quick';
import { tabWithOverride } from './sidepanel';
import { step } from './step';
import { startDemoServer } from '../demo/server';

const COUNTED_DIR = join(ROOT, '.output/chrome-mv3-bench-counted');

/** Runs first in the worker: wraps the API's methods and listeners with counters (self.__work). */
const PRELUDE = `(() => {
  const work = self.__work = { events: {}, calls: {} };
  const bump = (record, key) => { record[key] = (record[key] || 0) + 1; };
  const wrapped = new WeakMap();
  const namespaces = ['action', 'alarms', 'declarativeNetRequest', 'scripting', 'storage', 'tabs', 'webNavigation', 'webRequest', 'runtime', 'permissions'];
  const visit = (object, path, depth) => {
    if (!object || depth > 2) return;
    for (const key of Object.keys(object)) {
      let value;
      try { value = object[key]; } catch { continue; }
      const name = path + '.' + key;
      if (value && typeof value.addListener === 'function') {
        const add = value.addListener, remove = value.removeListener, has = value.hasListener;
        value.addListener = function (listener, ...rest) {
          let w = wrapped.get(listener);
          if (!w) { w = function (...args) { bump(work.events, name); return listener.apply(this, args); }; wrapped.set(listener, w); }
          return add.call(this, w, ...rest);
        };
        value.removeListener = function (listener) { return remove.call(this, wrapped.get(listener) || listener); };
        value.hasListener = function (listener) { return has.call(this, wrapped.get(listener) || listener); };
      } else if (typeof value === 'function' && !/^[A-Z]/.test(key)) {
        object[key] = function (...args) {
          // A storage write is named by its keys (detection records end in the tab id).
          const keys = /^storage\\.\\w+\\.set$/.test(name) && args[0] ? ' ' + Object.keys(args[0]).map((k) => k.replace(/\\d+$/, 'N')).join(',') : '';
          bump(work.calls, name + keys);
          return value.apply(this, args);
        };
      } else if (value && typeof value === 'object') {
        visit(value, name, depth + 1);
      }
    }
  };
  for (const ns of namespaces) visit(chrome[ns], ns, 0);
})();
`;

function countedBuild(): string {
  rmSync(COUNTED_DIR, { recursive: true, force: true });
  cpSync(BENCH_DIR, COUNTED_DIR, { recursive: true });
  const file = join(COUNTED_DIR, 'background.js');
  writeFileSync(file, PRELUDE + readFileSync(file, 'utf8'));
  return COUNTED_DIR;
}

type Counts = Record<string, number>;
interface Work { events: Counts; calls: Counts }

async function takeWork(ext: ExtensionBrowser): Promise<Work> {
  const sw = await ext.worker();
  return sw.evaluate(() => {
    // The prelude's counters are these two objects: emptied, never replaced.
    const work = (self as unknown as { __work: Work }).__work;
    const taken = JSON.parse(JSON.stringify(work)) as Work;
    for (const part of [work.events, work.calls]) for (const key of Object.keys(part)) delete part[key];
    return taken;
  });
}

function addInto(total: Work, more: Work) {
  for (const part of ['events', 'calls'] as const) for (const [k, v] of Object.entries(more[part])) total[part][k] = (total[part][k] ?? 0) + v;
}

/** One load, profiled: ms of CPU in each script URL of interest, and the page's script time. */
async function profiledLoad(page: Page, url: string): Promise<{ loadMs: number; scripts: Counts; scriptDurationMs: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const loadMs = await loadTime(page, url);
  // The content scripts' replies arrive a little after load; keep them in.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { profile } = await cdp.send('Profiler.stop');
  const after = await cdp.send('Performance.getMetrics');
  const metric = (m: typeof after, name: string) => m.metrics.find((x) => x.name === name)?.value ?? 0;
  await cdp.detach();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const scripts: Counts = {};
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const node = byId.get(id);
    const u = node?.callFrame.url ?? '';
    const key = u.startsWith('chrome-extension://') ? u.replace(/^chrome-extension:\/\/[^/]+\//, '') : u ? 'page' : node?.callFrame.functionName || '(idle)';
    scripts[key] = (scripts[key] ?? 0) + (deltas[i] ?? 0) / 1000;
  });
  // The metrics are the document's own (they start again with each navigation).
  return { loadMs, scripts, scriptDurationMs: metric(after, 'ScriptDuration') * 1000 };
}

/**
 * The configured page's own script time (ScriptDuration: compiling and running every script of
 * the document, content scripts included) with Flagtab's content scripts registered, then with
 * none registered (the worker's registrations taken away, then put back), in alternating
 * batches of loads in the same tab: what the scripts cost the page's main thread.
 */
async function scriptsOnAndOff(ext: ExtensionBrowser, page: Page, url: string, runs: number): Promise<void> {
  const sw = await ext.worker();
  const registered = await sw.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const totals = { with: [] as number[], without: [] as number[] };
  try {
    for (let batch = 0; batch < 6; batch++) {
      const on = batch % 2 === 0;
      await sw.evaluate(async ({ scripts, on }) => {
        await chrome.scripting.unregisterContentScripts();
        if (on) await chrome.scripting.registerContentScripts(scripts);
      }, { scripts: JSON.parse(JSON.stringify(registered)) as chrome.scripting.RegisteredContentScript[], on });
      await loadTime(page, url); // the first load after a change is not counted
      for (let i = 0; i < Math.ceil(runs / 3); i++) {
        await loadTime(page, url);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const { metrics } = await cdp.send('Performance.getMetrics');
        totals[on ? 'with' : 'without'].push((metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000);
      }
    }
  } finally {
    await sw.evaluate(async (scripts) => {
      await chrome.scripting.unregisterContentScripts();
      await chrome.scripting.registerContentScripts(scripts);
    }, JSON.parse(JSON.stringify(registered)) as chrome.scripting.RegisteredContentScript[]);
    await cdp.detach();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`\npage script time, configured page: with Flagtab's ${registered.length} content scripts ${median(totals.with).toFixed(2)} ms, without ${median(totals.without).toFixed(2)} ms (medians of ${totals.with.length} loads each)`);
}

async function main() {
  const runs = runsFromArgs();
  benchBuild();
  const demo = await startDemoServer();
  const small = flagdFileWith(100);
  const flags = await serveFlagsFiles({ small });
  const ext = await launchWithExtension({ extensionDir: countedBuild() });
  try {
    const configured = `http://page.localhost:${demo.port}/`;
    const unconfigured = `http://127.0.0.1:${demo.port}/`;
    const site: SiteInput = demoSite(demo.siteOrigin, { id: 'bench-page', name: 'Bench shop (page loads)', hosts: ['page.localhost'], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
    await step('configuring the page-load site', () => configure(ext, [site]));
    const pageTab = await step('a configured tab with one override', () => tabWithOverride(ext, configured, firstBooleanKey(small)));
    const otherTab = await ext.context.newPage();
    for (const [label, page, url] of [['configured site, one override', pageTab.page, configured], ['unconfigured site, another tab overridden', otherTab, unconfigured]] as const) {
      await loadTime(page, url); // warm-up
      await new Promise((resolve) => setTimeout(resolve, 500));
      await takeWork(ext);
      const total: Work = { events: {}, calls: {} };
      const cpu: Counts = {};
      let scriptMs = 0;
      for (let i = 0; i < runs; i++) {
        const load = await profiledLoad(page, url);
        await new Promise((resolve) => setTimeout(resolve, 300));
        addInto(total, await takeWork(ext));
        scriptMs += load.scriptDurationMs;
        for (const [k, v] of Object.entries(load.scripts)) cpu[k] = (cpu[k] ?? 0) + v;
      }
      const per = (c: Counts) => Object.fromEntries(Object.entries(c).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / runs) * 100) / 100]));
      console.log(`\n${label}, per load (${runs} loads):`);
      console.log('worker events:', per(total.events));
      console.log('extension API calls:', per(total.calls));
      console.log(`page script time (Performance ScriptDuration): ${(scriptMs / runs).toFixed(2)} ms`);
      console.log('page CPU by script (profile, ms):', per(Object.fromEntries(Object.entries(cpu).filter(([k]) => k.includes('content-scripts') || k === 'page' || k === '(program)' || k === '(garbage collector)'))));
    }
    await step('page script time with and without the content scripts', () => scriptsOnAndOff(ext, pageTab.page, configured, runs));
  } finally {
    await ext.close();
    await flags.close();
    await demo.close();
  }
}

await runScript('bench page-load work', main);
