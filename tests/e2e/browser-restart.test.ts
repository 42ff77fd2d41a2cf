import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { launchWithExtension, tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { sessionRules } from './support/session-rules';

let demo: DemoServer;
beforeAll(async () => { demo = await startDemoServer(); });
afterAll(async () => { await demo?.close(); });

it('after a browser restart nothing claims to be overridden, and nothing is sent', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'flagtab-profile-'));
  const first = await launchWithExtension({ userDataDir: profile });
  await configure(first, [demoSite(demo.siteOrigin)]);
  const tab = await first.context.newPage();
  await tab.goto(demo.siteOrigin);
  const popup = await PopupPage.open(first, await tabIdOf(first, tab));
  await popup.setSwitch('new-checkout', true);
  await first.close();

  // Same profile: the configuration is still there; session rules and state are not.
  const second = await launchWithExtension({ userDataDir: profile });
  try {
    const again = await second.context.newPage();
    demo.clearRequests();
    await again.goto(demo.siteOrigin);
    expect((await demo.waitForRequest((r) => r.path === '/')).headers['x-feature-flags']).toBeUndefined();
    const reopened = await PopupPage.open(second, await tabIdOf(second, again));
    await reopened.page.getByText('No overrides in this tab').waitFor();
    expect(await reopened.flagSwitch('new-checkout').isChecked()).toBe(false);
    expect(await sessionRules(second)).toEqual([]);
  } finally {
    await second.close();
  }
});
