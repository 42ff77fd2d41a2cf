import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { stopServiceWorker, tabIdOf } from './support/extension';
import { PopupPage, configure, demoSite } from './support/flagtab';
import { useDemoAndExtension } from './support/environment';
import { carried, openChild, type ChildWay } from './support/children';

/** Children per case; FLAGTAB_CHILDREN=100 for the hand-run count in the report. */
const PER_CASE = Number(process.env.FLAGTAB_CHILDREN ?? 20);
const CHOSEN = { 'new-checkout': true };

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin)]);
});

/** A tab on the demo's /children page with `values` overridden (set in its popup). */
async function opener(values: Record<string, boolean>): Promise<{ page: Page; tabId: number }> {
  const page = await env.ext.context.newPage();
  await page.goto(`${env.demo.siteOrigin}/children`);
  const tabId = await tabIdOf(env.ext, page);
  const popup = await PopupPage.open(env.ext, tabId);
  for (const [key, on] of Object.entries(values)) await popup.setSwitch(key, on);
  await popup.page.close();
  // The page loaded before the overrides were set: load it again under them (and its script armed).
  await page.reload();
  await page.bringToFront();
  return { page, tabId };
}

const WAYS: ChildWay[] = ['target-blank', 'window-open', 'middle-click', 'ctrl-click', 'form-get'];
let serial = 0;

describe.each([{ worker: 'awake' }, { worker: 'stopped' }])('a child tab, service worker $worker before the click', ({ worker }) => {
  it.each(WAYS)(`%s: the child's first document and every sub-request carry the opener's overrides (${PER_CASE} children)`, async (way) => {
    const { page } = await opener(CHOSEN);
    const misses: string[] = [];
    for (let i = 0; i < PER_CASE; i++) {
      if (worker === 'stopped') await stopServiceWorker(env.ext);
      const child = await openChild(env.ext, env.demo, page, way, `${way}-${worker}-${serial++}`);
      for (const r of child.requests) if (!carried(r, CHOSEN)) misses.push(`${child.name}: ${r.method} ${r.path}`);
      await child.page.close();
    }
    console.log(`${way}, worker ${worker}: ${misses.length} requests without overrides over ${PER_CASE} children`);
    expect(misses).toEqual([]);
    await page.close();
  }, 300_000);
});
