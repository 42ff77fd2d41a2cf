import type { OptionsModel } from './options-model';
import { EmptyState } from './EmptyState';
import { ManagedNotices } from './ManagedNotices';
import { SiteCard } from './SiteCard';

/** The list of sites (or, with none, the first-run guide), the notice after a change, and the Add/Edit form. */
export function SitesSection({ model }: { model: OptionsModel }) {
  const sites = model.sites.value;
  const editor = model.editor.value;
  const editingId = editor?.editing.mode === 'edit' ? editor.editing.id : undefined;
  const notice = model.notice.value;
  const removed = model.lastRemoved.value;
  // Loaded with the form's part (site-editor-part.ts): there whenever a form is open.
  const SiteEditorForm = model.SiteEditorForm.value;

  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">Sites</h2>
      <ManagedNotices model={model} />
      {notice && (
        <p class="message notice" role="status">
          {notice}
          {removed && (
            <button type="button" class="link" onClick={() => void model.undoRemove()}>
              Undo
            </button>
          )}
        </p>
      )}
      {sites.length === 0 && !editor && <EmptyState model={model} />}
      {sites.length > 0 && (
        <ul class="sites">
          {sites.map((site) =>
            site.id === editingId && editor && SiteEditorForm ? (
              <li key={site.id} class="site">
                <SiteEditorForm model={model} editor={editor} />
              </li>
            ) : (
              <SiteCard key={site.id} model={model} site={site} lacksAccess={model.lacksAccess.value.has(site.id)}
                socketsOnly={model.lacksSocketAccess.value.has(site.id)} />
            ),
          )}
        </ul>
      )}
      {editor?.editing.mode === 'add' ? (
        SiteEditorForm && (
          <div class="site">
            <SiteEditorForm model={model} editor={editor} />
          </div>
        )
      ) : (
        sites.length > 0 && (
          <button type="button" class="primary add-site" onClick={() => void model.startAdd()}>
            Add site
          </button>
        )
      )}
    </section>
  );
}
