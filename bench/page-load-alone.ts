/**
 * `node --import tsx bench/page-load-alone.ts [--runs N]`: is the unconfigured page's extra cost
 * Flagtab's, or the configured tab's work spilling into it? Diagnostic, not part of `npm run bench`.
 * The same unconfigured page ÷ no extension, three ways:
 * - alone: only the two unconfigured loads take turns (no configured page loads in the rounds);
 * - interleaved: as `npm run bench` measures it, with a configured page load in each round
 *   (its content scripts and worker work may still run when the next load starts);
 * - interleaved, settled: the same, with 400 ms after each load (Flagtab's detection writes
 *   gather for 250 ms) before the next one starts.
 * Samples go to .output/bench/page-load-alone.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../demo/browser/build';
import { CHROMIUM_PATH } from '../demo/browser/extension';
import { configure, demoSite } from '../demo/browser/flagtab';
import type { SiteInput } from '../lib/config/schema';
import { loadTime, pageLoadPlan } from './page-load';
import { openBench, runScript, runsFromArgs } from './quick';
import { rounds } from './speed';
import { logSpread } from './spread';
import { step } from './step';

const plan = pageLoadPlan({ runs: runsFromArgs(), warmups: 2 });
const RESULTS = join(ROOT, '.output/bench/page-load-alone.json');
const settle = () => new Promise<number>((resolve) => setTimeout(() => resolve(0), 400));

async function main() {
  const { ext, demo, flags } = await openBench();
  const configured = `http://page.localhost:${demo.port}/`;
  const unconfigured = `http://127.0.0.1:${demo.port}/`;
  const pageSite: SiteInput = demoSite(demo.siteOrigin, { id: 'bench-page', name: 'Bench shop (page loads)', hosts: ['page.localhost'], catalogue: { provider: 'flags-file', url: `${flags.url}/small.json` } });
  await step('configuring the page-load site', () => configure(ext, [pageSite]));
  const plain = await chromium.launchPersistentContext('', { executablePath: CHROMIUM_PATH, headless: true });
  try {
    const withTab = await ext.context.newPage();
    const withoutTab = await plain.newPage();
    const configuredTab = await ext.context.newPage();
    const plainConfigured = await plain.newPage();
    const results: Record<string, unknown> = { date: new Date().toISOString(), rounds: plan.runs };
    const report = (label: string, s: Record<string, number[]>) => {
      results[label] = { spread: logSpread(label, s.with!, s.without!), ...s };
    };
    const alone = await step('unconfigured alone', () => rounds(plan, {
      with: () => loadTime(withTab, unconfigured),
      without: () => loadTime(withoutTab, unconfigured),
    }, true));
    const interleaved = await step('unconfigured, configured loads interleaved', () => rounds(plan, {
      with: () => loadTime(withTab, unconfigured),
      without: () => loadTime(withoutTab, unconfigured),
      configured: () => loadTime(configuredTab, configured),
      plainConfigured: () => loadTime(plainConfigured, configured),
    }, true));
    const settled = await step('unconfigured, configured loads interleaved, 400 ms between loads', () => rounds(plan, {
      with: async () => { const ms = await loadTime(withTab, unconfigured); await settle(); return ms; },
      without: async () => { const ms = await loadTime(withoutTab, unconfigured); await settle(); return ms; },
      configured: async () => { const ms = await loadTime(configuredTab, configured); await settle(); return ms; },
      plainConfigured: async () => { const ms = await loadTime(plainConfigured, configured); await settle(); return ms; },
    }, true));
    console.log(`\n${plan.runs} rounds after ${plan.warmups} warm-ups, Flagtab ÷ no extension, unconfigured page`);
    report('alone', alone);
    report('interleaved', interleaved);
    report('interleaved, settled', settled);
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await plain.close();
  }
}

await runScript('bench page load alone', main);
