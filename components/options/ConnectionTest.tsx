import type { OptionsModel, SiteEditor } from './options-model';

/** "Test connection" for the flag provider. */
export function ConnectionTest({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  return <TestButton id="site-connection" label="Test connection" testing={editor.testing} result={editor.connection} onTest={() => void model.testConnection()} />;
}

/**
 * A test button and what it found, in a live region so a screen reader hears the result.
 * The button stays enabled (a disabled button drops keyboard focus); the model ignores
 * clicks while a test runs.
 */
export function TestButton(props: { id: string; label: string; testing: boolean; result: { ok: boolean; message: string } | undefined; onTest(): void }) {
  const { id, label, testing, result } = props;
  const outcome = result ? (result.ok ? 'ok' : 'failed') : '';
  const text = testing ? 'Testing the connection…' : result ? `${result.ok ? '' : 'Connection failed: '}${result.message}` : '';
  return (
    <div class="connection">
      <button type="button" aria-describedby={id} onClick={props.onTest}>
        {label}
      </button>
      <p id={id} role="status" class={`connection-result ${outcome}`}>
        {text}
      </p>
    </div>
  );
}
