import type { OptionsModel, SiteEditor } from './options-model';

/**
 * "Test connection" and what it found, in a live region so a screen reader hears the result.
 * The button stays enabled (a disabled button drops keyboard focus); the model ignores
 * clicks while a test runs.
 */
export function ConnectionTest({ model, editor }: { model: OptionsModel; editor: SiteEditor }) {
  const { testing, connection } = editor;
  const outcome = connection ? (connection.ok ? 'ok' : 'failed') : '';
  const text = testing ? 'Testing the connection…' : connection ? `${connection.ok ? '' : 'Connection failed: '}${connection.message}` : '';
  return (
    <div class="connection">
      <button type="button" aria-describedby="site-connection" onClick={() => void model.testConnection()}>
        Test connection
      </button>
      <p id="site-connection" role="status" class={`connection-result ${outcome}`}>
        {text}
      </p>
    </div>
  );
}
