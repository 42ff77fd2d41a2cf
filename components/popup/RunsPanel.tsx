import { useContext, useEffect, useState } from 'preact/hooks';
import { planSteps, runFlagOf, type RunFlag } from '../../lib/runs/combinations';
import type { PopupModel } from './popup-model';
import { RunsContext, type RunsModel } from './runs-model';

type ComboStrategy = 'all-new-all-old' | 'pairwise' | 'scenarios';
const STRATEGIES: { kind: ComboStrategy; label: string }[] = [
  { kind: 'all-new-all-old', label: 'All new, then all old' },
  { kind: 'pairwise', label: 'Pairwise (every pair of values once)' },
  { kind: 'scenarios', label: 'The saved scenarios of this site, one step each' },
];

/** "Combinations…" and the progress of the run going on, with Pause, Cancel and "Open gallery". */
export function RunsPanel({ model }: { model: PopupModel }) {
  const runs = useContext(RunsContext);
  useEffect(() => { void runs?.refresh(); }, [runs]);
  const siteId = model.site.value?.id;
  if (!runs || !siteId) return null;
  return (
    <section class="runs" aria-label="Runs">
      {runs.error.value && <p role="alert" class="error">{runs.error.value}</p>}
      <Progress runs={runs} />
      {!runs.active.value && <Combinations model={model} runs={runs} siteId={siteId} />}
    </section>
  );
}

function Progress({ runs }: { runs: RunsModel }) {
  const view = runs.view.value;
  if (!view) return null;
  const { status, finished, total, failed } = view;
  const going = status === 'running' || status === 'paused' || status === 'cancelling';
  const failedText = failed ? ` · ${failed} failed` : '';
  return (
    <div class="run-progress" role="status">
      <span>{view.label}: {finished} of {total} steps{failedText}{status === 'paused' ? ' · paused' : status === 'cancelling' ? ' · cancelling…' : status === 'cancelled' ? ' · cancelled' : status === 'done' ? ' · done' : ''}</span>
      {going && <progress max={total} value={finished} aria-label="Run progress" />}
      {view.note && <span class="note">{view.note}</span>}
      {status === 'running' && <button type="button" onClick={() => void runs.pause()}>Pause</button>}
      {status === 'paused' && <button type="button" onClick={() => void runs.resume()}>Resume</button>}
      {(status === 'running' || status === 'paused') && <button type="button" onClick={() => void runs.cancel()}>Cancel run</button>}
      {!going && finished > 0 && <button type="button" onClick={() => runs.openGallery()}>Open gallery</button>}
    </div>
  );
}

function Combinations({ model, runs, siteId }: { model: PopupModel; runs: RunsModel; siteId: string }) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [strategy, setStrategy] = useState<ComboStrategy>('pairwise');
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Combinations…</button>;
  // The catalogue's flags, not the rows: a click's answer changes the rows, never these.
  const runnable = (model.catalogue.value?.flags ?? []).flatMap((flag) => [runFlagOf(flag)].filter((f): f is RunFlag => f !== undefined));
  const picked = runnable.filter((f) => chosen.includes(f.key));
  // A chosen list: the site's scenarios, each a step with exactly its values (no flags to tick).
  const scenarioSteps = (model.scenarios.value ?? []).filter((sc) => sc.siteId === siteId).map((sc) => sc.values);
  const count = strategy === 'scenarios' ? scenarioSteps.length : picked.length ? planSteps({ kind: strategy }, picked).length : 0;
  const start = () => (strategy === 'scenarios'
    ? runs.start(siteId, { kind: 'chosen', steps: scenarioSteps }, [])
    : runs.start(siteId, { kind: strategy }, picked.map((f) => f.key)));
  const toggle = (key: string) => setChosen((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]));
  return (
    <fieldset class="combinations">
      <legend>Combinations</legend>
      <div class="combination-flags" hidden={strategy === 'scenarios'}>
        {runnable.map((f) => (
          <label key={f.key}><input type="checkbox" checked={chosen.includes(f.key)} onChange={() => toggle(f.key)} /> {f.key}</label>
        ))}
      </div>
      {STRATEGIES.map((s) => (
        <label key={s.kind}><input type="radio" name="strategy" checked={strategy === s.kind} onChange={() => setStrategy(s.kind)} /> {s.label}</label>
      ))}
      <p class="step-count">{count} step{count === 1 ? '' : 's'}</p>
      <button type="button" disabled={count === 0} onClick={() => void start()}>Start run</button>
      <button type="button" onClick={() => setOpen(false)}>Close</button>
    </fieldset>
  );
}
