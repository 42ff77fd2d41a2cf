import { formatOrigins } from './format';
import type { OptionsModel } from './options-model';

/** Import (a file, or pasted JSON) and export of the whole configuration. */
export function ImportExport({ model }: { model: OptionsModel }) {
  const pending = model.pendingImport.value;
  const error = model.importError.value;
  const notice = model.importNotice.value;
  const count = pending?.config.sites.length ?? 0;

  return (
    <section aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Import and export</h2>
      <p>
        Importing replaces every site configured now, and stores the tokens the file carries. An export leaves tokens
        out unless you include them.
      </p>

      <div class="field">
        <label for="import-file">Import configuration</label>
        <input
          id="import-file"
          type="file"
          accept="application/json,.json"
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            input.value = '';
            if (file) void model.importFile(file);
          }}
        />
      </div>
      {pending && (
        <div class="message notice">
          <p>
            {pending.source} has {count} site{count === 1 ? '' : 's'}. Flagtab needs access to{' '}
            {formatOrigins(pending.origins)} to import them.
          </p>
          <div class="actions">
            <button type="button" onClick={() => void model.confirmImport()}>
              Allow access and import
            </button>
            <button type="button" onClick={() => model.cancelImport()}>
              Cancel import
            </button>
          </div>
        </div>
      )}

      <div class="field">
        <label for="import-text">Configuration JSON</label>
        <textarea
          id="import-text"
          rows={6}
          class="code"
          spellcheck={false}
          value={model.pastedConfig.value}
          onInput={(event) => {
            model.pastedConfig.value = event.currentTarget.value;
            // "Import pasted configuration" asks for host access in its click, so its code must be in by then.
            model.prepareImport();
          }}
        />
      </div>
      <div class="actions">
        <button type="button" onClick={() => void model.importPasted()}>
          Import pasted configuration
        </button>
      </div>
      <label class="inline">
        <input
          type="checkbox"
          checked={model.includeTokens.value}
          onChange={(event) => (model.includeTokens.value = event.currentTarget.checked)}
        />{' '}
        Include tokens in the export (keep the file private)
      </label>
      <div class="actions">
        <button type="button" onClick={() => void model.exportConfig()} disabled={!model.config.value}>
          Export configuration
        </button>
      </div>
      {error && (
        <p class="message error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="message notice" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}
