import type { OptionsModel } from './options-model';
import { SiteCard } from './SiteCard';
import { SiteEditorForm } from './SiteEditorForm';

/** The list of sites, the notice after a change, and the Add/Edit form. */
export function SitesSection({ model }: { model: OptionsModel }) {
  const sites = model.sites.value;
  const editor = model.editor.value;
  const editingId = editor?.editing.mode === 'edit' ? editor.editing.id : undefined;
  const notice = model.notice.value;
  const removed = model.lastRemoved.value;

  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">Sites</h2>
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
      {sites.length === 0 && !editor && (
        <p>No sites yet. Add the site you test, with the hosts its pages and APIs are served from.</p>
      )}
      <ul class="sites">
        {sites.map((site) =>
          site.id === editingId && editor ? (
            <li key={site.id} class="site">
              <SiteEditorForm model={model} editor={editor} />
            </li>
          ) : (
            <SiteCard key={site.id} model={model} site={site} lacksAccess={model.lacksAccess.value.has(site.id)}
              socketsOnly={model.lacksSocketAccess.value.has(site.id)} />
          ),
        )}
      </ul>
      {editor?.editing.mode === 'add' ? (
        <div class="site">
          <SiteEditorForm model={model} editor={editor} />
        </div>
      ) : (
        <button type="button" onClick={() => model.startAdd()}>
          Add site
        </button>
      )}
    </section>
  );
}
