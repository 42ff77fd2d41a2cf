import type { SignOffModel } from './signoff-model';

/**
 * Where the sent sign-off is now, announced as it changes: saved, posted (with a link to the
 * comment) or waiting in the outbox and why. The live region is on the page before anything
 * is said in it (screen readers announce changes only), and focus comes here after Send.
 */
export function SendStatus({ model }: { model: SignOffModel }) {
  const status = model.status.value;
  const warning = model.form.sent.value?.result.warning;
  return (
    <>
      <div id="signoff-status" class="send-status" role="status" tabIndex={-1}>
        {model.form.sending.value && <p>Saving the sign-off…</p>}
        {status && (
          <p class={`status-${status.kind}`}>
            {status.text}
            {status.kind === 'posted' && <> — <a href={status.url} target="_blank" rel="noopener noreferrer">Open comment</a></>}
          </p>
        )}
        {warning && <p class="notice">{warning}</p>}
      </div>
      {status && <button type="button" onClick={() => void model.newSignOff()}>New sign-off</button>}
    </>
  );
}
