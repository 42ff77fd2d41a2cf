import type { OptionsModel } from './options-model';
import { ImportExport } from './ImportExport';
import { SitesSection } from './SitesSection';

/** The options page: configured sites, then import and export. */
export function OptionsApp({ model }: { model: OptionsModel }) {
  const loadError = model.loadError.value;
  return (
    <main class="options">
      <h1>Flagtab settings</h1>
      {loadError && (
        <p class="message error" role="alert">
          {loadError}. Import a configuration file below to replace it.
        </p>
      )}
      {model.loading.value ? <p>Loading…</p> : <SitesSection model={model} />}
      <ImportExport model={model} />
    </main>
  );
}
