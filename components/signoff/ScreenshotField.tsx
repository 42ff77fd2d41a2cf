import type { SignOffForm } from './form-model';

/** The screenshot that goes with the sign-off: its thumbnail, or why there is none. Optional. */
export function ScreenshotField({ form }: { form: SignOffForm }) {
  const shot = form.screenshot.value;
  const takeAgain = (
    <button type="button" onClick={() => void form.takeScreenshot()} disabled={shot.kind === 'taking'}>Take again</button>
  );
  return (
    <section class="screenshot" aria-labelledby="screenshot-heading">
      <h3 id="screenshot-heading">Screenshot</h3>
      {shot.kind === 'taking' && <p aria-live="polite">Taking a screenshot of the tab…</p>}
      {shot.kind === 'taken' && (
        <>
          <img class="thumbnail" src={`data:image/png;base64,${shot.screenshot.base64}`}
            alt="Screenshot of the tab's visible area, attached to the sign-off" />
          <div class="row">
            <button type="button" onClick={() => form.removeScreenshot()}>Remove screenshot</button>
            {takeAgain}
          </div>
        </>
      )}
      {shot.kind === 'failed' && (
        <>
          <p class="notice" role="status">{shot.message}</p>
          <p class="hint">You can send the sign-off without a screenshot.</p>
          {takeAgain}
        </>
      )}
      {(shot.kind === 'removed' || shot.kind === 'none') && (
        <>
          <p class="hint">No screenshot: the sign-off is sent without one.</p>
          {takeAgain}
        </>
      )}
    </section>
  );
}
