import type { GalleryModel } from './gallery-model';

/** One run's captures, each labelled with its values and what the page reported, and its contact sheet. */
export function Gallery({ model }: { model: GalleryModel }) {
  const run = model.run.value;
  if (model.error.value) return <main><p role="alert" class="error">{model.error.value}</p></main>;
  if (!run) return <main><h1>Gallery</h1><p>No run yet: start one from Flagtab's popup ("All variants…" or "Combinations…").</p></main>;
  const done = run.results.length;
  return (
    <main>
      <h1>{run.label}</h1>
      <p class="run-meta">{run.siteName} · {new Date(run.startedAt).toLocaleString()} · {done} of {run.steps.length} steps · {run.status}</p>
      {model.runs.value.length > 1 && (
        <label>Run{' '}
          <select value={run.id} onChange={(e) => model.select(e.currentTarget.value)}>
            {model.runs.value.map((r) => <option key={r.id} value={r.id}>{r.label} — {new Date(r.startedAt).toLocaleTimeString()}</option>)}
          </select>
        </label>
      )}
      <div class="actions">
        <button type="button" onClick={() => void model.downloadSheet()} disabled={done === 0}>Download contact sheet</button>
        <button type="button" onClick={() => model.signOff()} disabled={!model.canSignOff.value}>Sign off with this gallery</button>
      </div>
      {model.sheetUrl.value && <img class="sheet" src={model.sheetUrl.value} alt="Contact sheet" />}
      <ul class="steps" aria-label="Steps">
        {model.steps.value.map((step) => (
          <li key={step.index} class={step.result && !step.result.ok ? 'step failed' : 'step'}>
            <figure>
              {step.base64 ? <img src={`data:image/png;base64,${step.base64}`} alt={`Step ${step.index + 1}: ${step.label}`} /> : <div class="no-image" />}
              <figcaption>
                <strong>{step.label}</strong>
                <span class="outcome">{step.outcome}</span>
              </figcaption>
            </figure>
            {step.base64 && <button type="button" onClick={() => model.downloadStep(step)}>Download image {step.index + 1}</button>}
          </li>
        ))}
      </ul>
    </main>
  );
}
