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
  /**
   * The probe ran only after its condition already held, so its mark is when the probe ran, not
   * when the page got there: the sample is worthless and the round is opened again. Happens to
   * windows the service worker opens, whose init scripts Playwright sometimes injects late.
   */
  late?: boolean;
}

/**
 * Installed before any of the page's own scripts (Playwright init script, over CDP, so the
 * extension's CSP does not apply). It checks its page's condition ("interactive" in the popup,
 * "formReady" in the side panel) after every DOM change (a MutationObserver callback runs right
 * after the mutation, before the next paint) and once a frame as a fallback, and notes the first
 * moment it holds. The ticket field is filled by a property, which no mutation reports; Preact
 * sets it in the same render that adds the Evidence section, which does.
 *
 * "complete" comes from Navigation Timing's domComplete, the moment just before the document's
 * readiness is set to "complete" (https://w3c.github.io/navigation-timing/#dom-performancenavigationtiming-domcomplete),
 * so it is exact even when the probe runs after it (Playwright injects init scripts into windows
 * the service worker opens sometimes only after an empty page has finished loading: a listener
 * for readystatechange then waits forever). The other marks have no such record: a probe that
 * finds its condition already holding at its first look says it came late.
 *
 * A string rather than a function: tsx (esbuild keepNames) wraps named functions in `__name()`,
 * which does not exist inside the page.
 */
const PROBE = `(() => {
  if (!location.protocol.startsWith('chrome-extension') || window.__flagtabBench) return;
  const marks = (window.__flagtabBench = {});
  const completed = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    if (marks.complete === undefined && document.readyState === 'complete') marks.complete = nav && nav.domComplete > 0 ? nav.domComplete : performance.now();
  };
  completed();
  document.addEventListener('readystatechange', completed);
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
  let first = true;
  const check = () => {
    if (marks[mark] !== undefined) return true;
    const now = holds();
    if (first && now) marks.late = true;
    first = false;
    if (!now) return false;
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
