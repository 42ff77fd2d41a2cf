import type { BrowserContext, Page } from 'playwright-core';

/**
 * What the probe records in the page, in `performance.now()` milliseconds, i.e. since the
 * navigation started (the document's time origin, https://w3c.github.io/hr-time/#dfn-time-origin).
 */
export interface ProbeMarks {
  /** `document.readyState` became "complete". */
  complete?: number;
  /** The search box is enabled and the first flag control is visible (popup only). */
  interactive?: number;
  /** The sign-off form holds a ticket and shows the Evidence section (side panel only). */
  formReady?: number;
}

/**
 * Installed before any of the page's own scripts (Playwright init script, over CDP, so the
 * extension's CSP does not apply). It checks its page's condition ("interactive" in the popup,
 * "formReady" in the side panel) after every DOM change (a MutationObserver callback runs right
 * after the mutation, before the next paint) and once a frame as a fallback, and notes the first
 * moment it holds. The ticket field is filled by a property, which no mutation reports; Preact
 * sets it in the same render that adds the Evidence section, which does.
 *
 * A string rather than a function: tsx (esbuild keepNames) wraps named functions in `__name()`,
 * which does not exist inside the page.
 */
const PROBE = `(() => {
  if (!location.protocol.startsWith('chrome-extension') || window.__flagtabBench) return;
  const marks = (window.__flagtabBench = {});
  document.addEventListener('readystatechange', () => {
    if (document.readyState === 'complete' && marks.complete === undefined) marks.complete = performance.now();
  });
  const popupInteractive = () => {
    const search = document.querySelector('input[aria-label="Search flags"]');
    const control = document.querySelector('ul[aria-label="Flags"] li .flag-control :is(input, select)');
    if (!search || search.disabled || !control) return false;
    const box = control.getBoundingClientRect();
    return control.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && box.width > 0 && box.height > 0;
  };
  const panelReady = () => {
    const ticket = document.getElementById('so-ticket');
    return Boolean(ticket && ticket.value && document.querySelector('section[aria-labelledby="evidence-heading"]'));
  };
  const [mark, holds] = location.pathname.endsWith('/sidepanel.html') ? ['formReady', panelReady] : ['interactive', popupInteractive];
  const check = () => {
    if (marks[mark] !== undefined) return true;
    if (!holds()) return false;
    marks[mark] = performance.now();
    return true;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  const frame = () => { if (!check()) requestAnimationFrame(frame); else observer.disconnect(); };
  requestAnimationFrame(frame);
})();`;

export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: PROBE });
}

/**
 * The probe in every page of `context` opened from now on, for pages Playwright only hears of
 * once they exist (a window the service worker opens). Dispose of it when done: the pages of
 * later measurements install their own.
 */
export function installProbeInContext(context: BrowserContext): Promise<{ dispose(): Promise<void> }> {
  return context.addInitScript({ content: PROBE });
}

/** Waits until the probe has recorded `mark`, then returns every mark. */
export async function waitForMark(page: Page, mark: keyof ProbeMarks, timeoutMs = 15_000): Promise<ProbeMarks> {
  await page.waitForFunction((m) => (window as unknown as { __flagtabBench?: ProbeMarks }).__flagtabBench?.[m] !== undefined, mark, { timeout: timeoutMs, polling: 25 });
  return page.evaluate(() => (window as unknown as { __flagtabBench: ProbeMarks }).__flagtabBench);
}
