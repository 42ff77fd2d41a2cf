import type { SignOffForm } from './form-model';

/**
 * The screenshot that goes with the sign-off: optional, said once in the heading's hint; then
 * one line for the state it is in (being taken, taken, why it could not be, or left out).
 */
export function ScreenshotField({ form }: { form: SignOffForm }) {
  const shot = form.screenshot.value;
  const takeAgain = (
    <button type="button" onClick={() => void form.takeScreenshot()} disabled={shot.kind === 'taking'}>Take again</button>
  );
  return (
    <section class="screenshot" aria-labelledby="screenshot-heading" aria-describedby="screenshot-hint">
      <h3 id="screenshot-heading">Screenshot</h3>
      <p class="hint" id="screenshot-hint">Optional: the sign-off can go with or without one.</p>
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
          {takeAgain}
        </>
      )}
      {(shot.kind === 'removed' || shot.kind === 'none') && (
        <>
          <p>None attached.</p>
          {takeAgain}
        </>
      )}
    </section>
  );
}
