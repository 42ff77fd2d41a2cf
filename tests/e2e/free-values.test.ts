import { beforeAll, describe, expect, it } from 'vitest';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

/** A pasted plain-list catalogue: free-value flags, and a key built to break naive encoders. */
const HOSTILE_KEY = 'promo;code=x,\nX-Evil: 1';
const CATALOGUE = JSON.stringify([
  { key: 'greeting', type: 'string', default: 'Hello' },
  { key: 'max-items', type: 'number', default: 3 },
  { key: 'theme-config', type: 'json', default: { accent: 'blue' } },
  { key: HOSTILE_KEY, type: 'string', default: '' },
]);

const env = useDemoAndExtension();

beforeAll(async () => {
  await configure(env.ext, [demoSite(env.demo.siteOrigin, { catalogue: { provider: 'flags-file', inline: CATALOGUE } })]);
});

describe('free-value flags and hostile keys in real Chromium', () => {
  it('checks typed values, refuses bad ones with a reason, and sends good ones exactly', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    const field = (key: string) => popup.page.getByRole('textbox', { name: key, exact: true });

    await field('max-items').fill('lots');
    await field('max-items').press('Enter');
    await popup.page.getByRole('alert').filter({ hasText: 'Enter a number' }).waitFor();
    await field('theme-config').fill('{accent: red}');
    await field('theme-config').press('Enter');
    await popup.page.getByRole('alert').filter({ hasText: 'Enter valid JSON' }).waitFor();
    expect(await popup.page.getByText('No overrides in this tab').isVisible()).toBe(true);

    await field('max-items').fill('10');
    await field('max-items').press('Enter');
    await popup.page.getByRole('button', { name: 'Reset max-items' }).waitFor();
    await field('theme-config').fill('{"accent":"purple","rounded":true}');
    await field('theme-config').press('Enter');
    await popup.page.getByRole('button', { name: 'Reset theme-config' }).waitFor();
    await field(HOSTILE_KEY).fill('a"b;c,d=é 😀');
    await field(HOSTILE_KEY).press('Enter');
    await popup.page.getByRole('button', { name: `Reset ${HOSTILE_KEY}` }).waitFor();

    env.demo.clearRequests();
    await tab.reload();
    const doc = await env.demo.waitForRequest((r) => r.path === '/');
    const expected = { 'max-items': 10, 'theme-config': { accent: 'purple', rounded: true }, [HOSTILE_KEY]: 'a"b;c,d=é 😀' };
    expect(doc.headerOverrides).toEqual(expected);
    expect(doc.cookieOverrides).toEqual(expected);
    // No header was smuggled in by the key.
    expect(doc.headers['x-evil']).toBeUndefined();
    expect(await tab.locator('#max-items').textContent()).toBe('10');
    await Promise.all([tab.close(), popup.page.close()]);
  });
});
