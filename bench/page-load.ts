import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH, type ExtensionBrowser } from '../demo/browser/extension';
import type { Plan } from './speed';

/**
 * Page loads take a few tens of milliseconds and the targets are within 2–5 %, closer than one
 * run's noise at 15 rounds: they take three times the rounds (at least 45) and 3 more warm-ups
 * than the rest of the bench, and each ratio comes with its interval (spread.ts).
 */
export function pageLoadPlan<P extends Plan>(plan: P): P {
  return { ...plan, runs: Math.max(plan.runs * 3, 45), warmups: plan.warmups + 3 };
}

export interface PageLoadSamples {
  /** Flagtab installed, the page on a configured site (content scripts, bridge, echo reader, overrides). */
  configuredWith: number[];
  /** The same page in a browser without Flagtab. */
  configuredWithout: number[];
  /** Flagtab installed, the page on a host that is not configured. */
  unconfiguredWith: number[];
  unconfiguredWithout: number[];
}

/**
 * Milliseconds from the start of the navigation to the end of the load event, by the page's
 * own clock (Navigation Timing), so Playwright's round trips are not counted on either side.
 */
export async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    if (!entry || entry.loadEventEnd <= 0) throw new Error('the navigation has no load timing');
    return entry.loadEventEnd - entry.startTime;
  });
}

/**
 * Page load with Flagtab installed ÷ the same load in a browser without it, on a configured
 * site and on one that is not. Both browsers run side by side and the four kinds of load take
 * turns in a rotating order, so drift on the machine (other processes, thermal) hits them alike.
 * `configured` is a page Flagtab watches (in a tab of `ext`); `unconfigured` any other page of
 * the same server.
 */
export async function measurePageLoads(
  ext: ExtensionBrowser,
  urls: { configured: string; unconfigured: string },
  configuredTab: Page,
  plan: Plan & { onRound?(n: number, of: number): void },
): Promise<PageLoadSamples> {
  let plainContext: BrowserContext | undefined;
  try {
    // Launched the way the extension's browser is (a throwaway persistent profile), minus Flagtab.
    plainContext = await chromium.launchPersistentContext('', { executablePath: CHROMIUM_PATH, headless: true });
    const tabs = {
      configuredWith: configuredTab,
      unconfiguredWith: await ext.context.newPage(),
      configuredWithout: await plainContext.newPage(),
      unconfiguredWithout: await plainContext.newPage(),
    };
    const urlOf = (kind: keyof PageLoadSamples) => (kind.startsWith('configured') ? urls.configured : urls.unconfigured);
    const kinds = Object.keys(tabs) as (keyof PageLoadSamples)[];
    const samples: PageLoadSamples = { configuredWith: [], configuredWithout: [], unconfiguredWith: [], unconfiguredWithout: [] };
    const rounds = plan.warmups + plan.runs;
    for (let round = 0; round < rounds; round++) {
      plan.onRound?.(round + 1, rounds);
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[(round + i) % kinds.length]!;
        const ms = await loadTime(tabs[kind], urlOf(kind));
        if (round >= plan.warmups) samples[kind].push(ms);
      }
    }
    return samples;
  } finally {
    await plainContext?.close();
  }
}
