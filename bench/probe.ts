import type { Page } from 'playwright-core';

/**
 * What the probe records in the page, in `performance.now()` milliseconds, i.e. since the
 * navigation started (the document's time origin, https://w3c.github.io/hr-time/#dfn-time-origin).
 */
export interface ProbeMarks {
  /** `document.readyState` became "complete". */
  complete?: number;
  /** The search box is enabled and the first flag control is visible (popup only). */
  interactive?: number;
}

/**
 * Installed before any of the page's own scripts (Playwright init script, over CDP, so the
 * extension's CSP does not apply). It checks the "interactive" condition after every DOM change
 * (a MutationObserver callback runs right after the mutation, before the next paint) and once a
 * frame as a fallback, and notes the first moment it holds.
 *
 * A string rather than a function: tsx (esbuild keepNames) wraps named functions in `__name()`,
 * which does not exist inside the page.
 */
const PROBE = `(() => {
  if (!location.protocol.startsWith('chrome-extension')) return;
  const marks = (window.__flagtabBench = {});
  document.addEventListener('readystatechange', () => {
    if (document.readyState === 'complete' && marks.complete === undefined) marks.complete = performance.now();
  });
  const check = () => {
    if (marks.interactive !== undefined) return true;
    const search = document.querySelector('input[aria-label="Search flags"]');
    const control = document.querySelector('ul[aria-label="Flags"] li .flag-control :is(input, select)');
    if (!search || search.disabled || !control) return false;
    const box = control.getBoundingClientRect();
    if (!control.checkVisibility({ visibilityProperty: true, opacityProperty: true }) || box.width === 0 || box.height === 0) return false;
    marks.interactive = performance.now();
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

/** Waits until the probe has recorded `mark`, then returns every mark. */
export async function waitForMark(page: Page, mark: keyof ProbeMarks, timeoutMs = 15_000): Promise<ProbeMarks> {
  await page.waitForFunction((m) => (window as unknown as { __flagtabBench?: ProbeMarks }).__flagtabBench?.[m] !== undefined, mark, { timeout: timeoutMs, polling: 25 });
  return page.evaluate(() => (window as unknown as { __flagtabBench: ProbeMarks }).__flagtabBench);
}
