import type { Site } from '../../lib/config/schema';
import type { ScenarioList as ScenarioListModel } from './scenarios-model';

/** A site's scenarios in the options page: each one's name and values, with Edit and Delete; "Add scenario" by hand. */
export function ScenarioList({ model, site }: { model: ScenarioListModel; site: Site }) {
  const scenarios = model.ofSite(site.id);
  const form = model.form.value;
  const editingHere = form?.siteId === site.id;
  return (
    <section class="scenario-list" aria-label={`Scenarios of ${site.name}`}>
      <h4>Scenarios</h4>
      {scenarios.length === 0 && !editingHere && <p class="hint">None yet: save one from the popup ("Save as scenario…"), or add one here.</p>}
      <ul>
        {scenarios.map((s) => (
          <li key={s.id}>
            <strong>{s.name}</strong>{' '}
            <span class="hint">
              {Object.entries(s.values).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}
              {s.startPath ? ` · opens ${s.startPath}` : ''}{s.tickets.length ? ` · ${s.tickets.join(', ')}` : ''}{s.presenter ? ' · presenter' : ''}
            </span>{' '}
            <button type="button" aria-label={`Edit scenario ${s.name}`} onClick={() => model.startEdit(s)}>Edit</button>
            <button type="button" aria-label={`Delete scenario ${s.name}`} onClick={() => void model.remove(s.id)}>Delete</button>
          </li>
        ))}
      </ul>
      {editingHere && form ? (
        <form onSubmit={(e) => { e.preventDefault(); void model.save(); }}>
          <label>Scenario name <input value={form.name} maxLength={100} onInput={(e) => model.edit({ name: e.currentTarget.value })} /></label>
          <label>Start path (optional) <input value={form.startPath} placeholder="/checkout" onInput={(e) => model.edit({ startPath: e.currentTarget.value })} /></label>
          <label>Tickets (comma-separated) <input value={form.tickets} placeholder="SHOP-142" onInput={(e) => model.edit({ tickets: e.currentTarget.value })} /></label>
          <label class="inline"><input type="checkbox" checked={form.presenter} onChange={(e) => model.edit({ presenter: e.currentTarget.checked })} /> In the presenter shortcut (Alt+Shift+N cycles the tab through the marked scenarios; none marked: all of the site's)</label>
          <label>Values (JSON: flag key → value)
            <textarea rows={5} value={form.values} spellcheck={false} aria-invalid={model.error.value?.startsWith('Values') ?? false}
              onInput={(e) => model.edit({ values: e.currentTarget.value })} />
          </label>
          {model.error.value && <p role="alert" class="message error">{model.error.value}</p>}
          <div class="actions">
            <button type="submit">Save scenario</button>
            <button type="button" onClick={() => model.cancel()}>Cancel</button>
          </div>
        </form>
      ) : (
        <>
          {model.error.value && !form && <p role="alert" class="message error">{model.error.value}</p>}
          <button type="button" aria-label={`Add scenario to ${site.name}`} onClick={() => model.startNew(site.id)}>Add scenario</button>
        </>
      )}
    </section>
  );
}
