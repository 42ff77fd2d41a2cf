import { beforeAll, describe, expect, it } from 'vitest';
import { stopServiceWorker, tabIdOf } from '../../demo/browser/extension';
import { PopupPage, armParent, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';
import { carried, closeChild, openChild, type ChildWay } from './support/children';

/**
 * A site that detects nothing gets the child-tab script alone (children.js, with its own hello);
 * a site that detects runs that part inside the detect script, whose hello answers both
 * (children.test.ts). Here the first: its child tabs still inherit, even from a sleeping worker.
 */
const CHOSEN = { 'new-checkout': true };
const PER_WAY = 3;

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin, { detection: { echoHeader: { enabled: false, name: 'X-Feature-Flags-Applied' }, markers: false, sdks: false, forceInSdks: false } })]);
});

describe('a site with detection off', () => {
  it.each<ChildWay>(['target-blank', 'window-open'])('%s: a child opened while the worker is stopped carries the opener\'s overrides', async (way) => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.demo.siteOrigin}/children`);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, page));
    await popup.setSwitch('new-checkout', true);
    await popup.page.close();
    await armParent(page);
    await page.bringToFront();
    const misses: string[] = [];
    for (let i = 0; i < PER_WAY; i++) {
      await stopServiceWorker(env.ext);
      const child = await openChild(env.ext, env.demo, page, way, `detection-off-${way}-${i}`);
      for (const r of child.requests) if (!carried(r, CHOSEN)) misses.push(`${child.name}: ${r.method} ${r.path}`);
      await closeChild(env.ext, child);
    }
    expect(misses).toEqual([]);
    await page.close();
  }, 180_000);
});
