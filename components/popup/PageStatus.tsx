import type { PopupModel } from './popup-model';

/**
 * The "on this page" block: how many flags the page reported, how many overrides it does not
 * honour, and on the same line the tester's tools: reload, only-these-flags, outline the
 * flagged elements (one line, so the first flag shows higher in the popup).
 */
export function PageStatus({ model }: { model: PopupModel }) {
  const page = model.page.value;
  if (!page) return null;
  const seen = model.detections.value;
  const summary = model.pageSummary.value;
  const watching = page.markers || page.sdks || page.echoHeader;
  if (!watching) return null;
  const waiting = (page.markers || page.sdks) && !seen?.contentScript;
  const parts = [`${summary.reported} flag${summary.reported === 1 ? '' : 's'} reported by the page`];
  if (seen?.sdks.length) parts.push(`SDKs: ${seen.sdks.join(', ')}`);
  return (
    <section class="page-status" aria-label="On this page">
      <div class="page-bar">
        <p class="page-summary" aria-live="polite">
          {parts.join(' · ')}
          {summary.notHonoured > 0 && <strong class="not-honoured"> · {summary.notHonoured} override{summary.notHonoured === 1 ? '' : 's'} not honoured</strong>}
          {summary.reload > 0 && <span> · {summary.reload} need a reload</span>}
        </p>
        <div class="page-tools">
          {(summary.reload > 0 || waiting) && <button type="button" onClick={() => model.reloadTab()}>Reload tab</button>}
          {/* Chips: the short words show, the full names are what a screen reader says and what tests find. */}
          <label class="chip filter" title="Only flags on this page"><input type="checkbox" aria-label="Only flags on this page" checked={model.onlyOnPage.value}
            onChange={(e) => { model.onlyOnPage.value = e.currentTarget.checked; }} />On this page</label>
          {page.markers && (
            <label class="chip filter" title="Outline flagged elements in the page"><input type="checkbox" aria-label="Outline flagged elements" checked={seen?.outline ?? false}
              onChange={(e) => void model.setOutline(e.currentTarget.checked)} />Outline</label>
          )}
        </div>
      </div>
      {waiting && <p class="note">Flagtab's page script is not running in this page yet: reload the tab to see what it uses.</p>}
      {seen?.serviceWorker && (
        <p class="note service-worker" role="note">
          This page is controlled by its own service worker. Requests the worker makes itself (API calls
          it passes on, pages it serves) carry none of your overrides, and Flagtab does not see what the
          server answers to them. To test under overrides, turn on "Bypass for network" (DevTools,
          Application, Service workers) or unregister the worker, then reload.
        </p>
      )}
      {seen && (seen.notes.length > 0 || seen.dropped > 0) && (
        <details class="warnings"><summary>{seen.notes.length + (seen.dropped > 0 ? 1 : 0)} note(s) about this page</summary>
          <ul>
            {seen.notes.map((n) => <li key={n}>{n}</li>)}
            {seen.dropped > 0 && <li>{seen.dropped} report(s) from the page were dropped (too many, too large or malformed).</li>}
          </ul>
        </details>
      )}
    </section>
  );
}
