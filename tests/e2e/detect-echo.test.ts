import { beforeAll, describe, expect, it } from 'vitest';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure, demoSite } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

const env = useDemoAndExtension();

beforeAll(async () => {
  // The echo header alone: no page script, so what the popup shows comes from the responses.
  await configure(env.ext, [demoSite(env.demo.siteOrigin, { detection: { echoHeader: { enabled: true, name: 'X-Feature-Flags-Applied' }, markers: false, sdks: false, forceInSdks: false } })]);
});

describe('the echo header: what the server says it used', () => {
  it('lists the server\'s values, asks for a reload after an override, then shows it honoured', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.demo.siteOrigin}/checkout`);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));

    await expect.poll(() => popup.pageLine('new-checkout').textContent()).toBe('On page: false · server echo header (GET /checkout)');
    await expect.poll(() => popup.pageLine('hero-banner').textContent()).toBe('On page: a · server echo header (GET /checkout)');
    expect(await popup.pageSummary().textContent()).toMatch(/^\d+ flags reported by the page$/);

    await popup.setSwitch('new-checkout', true);
    await expect.poll(() => popup.pageLine('new-checkout').textContent()).toBe('Set after this page loaded: reload the tab to see it applied');
    expect(await popup.warnings().count()).toBe(0);

    await popup.page.getByRole('button', { name: 'Reload tab' }).click();
    await expect.poll(() => popup.pageLine('new-checkout').textContent()).toBe('✓ Page uses true · server echo header (GET /checkout)');
    expect(await tab.locator('#new-checkout').isVisible()).toBe(true);
    expect(await popup.warnings().count()).toBe(0);
    await popup.page.close();
  });

  it('warns when the app ignores the override, and only for the flag it ignores', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(`${env.demo.siteOrigin}/checkout`);
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    await popup.setSwitch('new-checkout', true);
    await popup.chooseVariant('hero-banner', 'a'); // the default: an app that ignores overrides still agrees

    // The request carried the override; this app renders and echoes its defaults anyway.
    await tab.goto(`${env.demo.siteOrigin}/ignores-overrides/checkout`);
    const request = await env.demo.waitForRequest((r) => r.path === '/ignores-overrides/checkout');
    expect(request.headerOverrides).toMatchObject({ 'new-checkout': true });

    await expect.poll(() => popup.warnings().allTextContents()).toEqual([
      '⚠ Not honoured: page uses false, not your true · server echo header (GET /ignores-overrides/checkout)',
    ]);
    // At the popup's narrowest (380 px) the value the page used is on screen, not cut off.
    await popup.page.setViewportSize({ width: 380, height: 600 });
    const shown = await popup.warnings().first().evaluate((el, wanted) => {
      // The words may span several text nodes: find where they start and end.
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) nodes.push(walker.currentNode as Text);
      const at = (offset: number): [Text, number] => {
        for (const node of nodes) {
          if (offset <= node.length) return [node, offset];
          offset -= node.length;
        }
        throw new Error('offset past the text');
      };
      const start = nodes.map((n) => n.data).join('').indexOf(wanted);
      if (start < 0) return false;
      const range = document.createRange();
      range.setStart(...at(start));
      range.setEnd(...at(start + wanted.length));
      const [words, box] = [range.getBoundingClientRect(), el.getBoundingClientRect()];
      return words.width > 0 && words.right <= box.right + 1 && words.bottom <= box.bottom + 1;
    }, 'page uses false');
    expect(shown).toBe(true);
    await expect.poll(() => popup.pageSummary().textContent()).toContain('1 override not honoured');
    expect(await popup.pageLine('hero-banner').textContent()).toBe('✓ Page uses a · server echo header (GET /ignores-overrides/checkout)');

    // Back on the app that honours it: the warning goes away by itself.
    await tab.goto(`${env.demo.siteOrigin}/checkout`);
    await expect.poll(() => popup.warnings().count()).toBe(0);
    // No warning is also what the popup shows between the navigation and the new page's echo.
    await expect.poll(() => popup.pageLine('new-checkout').textContent()).toBe('✓ Page uses true · server echo header (GET /checkout)');
    await popup.page.close();
  });

  it('hears the API calls too, without slowing or blocking them', async () => {
    const tab = await env.ext.context.newPage();
    await tab.goto(env.demo.siteOrigin);
    await tab.locator('#api-result pre').waitFor();
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tab));
    // The home document and both API calls echo; the API call answered last is the one shown.
    await expect.poll(() => popup.pageLine('max-items').textContent()).toMatch(/^On page: 3 · server echo header \(GET \/(api\/features|api\/xhr|frame|)\)$/);
    expect(await tab.locator('#xhr-result pre').isVisible()).toBe(true);
    await popup.page.close();
  });
});
