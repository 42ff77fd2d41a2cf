import type { HistoryEntry } from '../../lib/signoff/history';
import type { HistoryModel } from './history-model';
import { dateTimeOf, verdictText } from './words';

/** Which comment stands for the sign-off when the ticket got it twice (the browser re-sent the post). */
function DuplicatesLine({ duplicates }: { duplicates: NonNullable<HistoryEntry['duplicates']> }) {
  const removed = duplicates.removed.length;
  return (
    <>
      <p class="hint duplicates">
        {removed > 0
          ? `The ticket got this comment ${removed + 1} times (the browser re-sent it); Flagtab kept the first (comment ${duplicates.kept}) and deleted ${removed === 1 ? 'the copy' : `${removed} copies`}.`
          : `Flagtab kept comment ${duplicates.kept}.`}
      </p>
      {duplicates.problem && <p class="field-error" role="alert">{duplicates.problem}</p>}
    </>
  );
}

function EntryView({ history, entry }: { history: HistoryModel; entry: HistoryEntry }) {
  const { id, verdict, evidence } = entry.signOff;
  const error = history.errors.value[id];
  return (
    <li class="history-entry" aria-labelledby={`${id}-entry`}>
      <p id={`${id}-entry`}>
        <strong class="verdict-word">{verdictText(verdict)}</strong> · <time dateTime={new Date(entry.postedAt).toISOString()}>{dateTimeOf(entry.postedAt)}</time>
        {evidence.who ? ` · ${evidence.who}` : ''}
      </p>
      <div class="row">
        <a href={entry.comment.url} target="_blank" rel="noopener noreferrer">Open comment</a>
        {entry.screenshotKept && <button type="button" onClick={() => void history.saveScreenshot(id)}>Save screenshot</button>}
        {entry.screenshotKept && history.saved.value.has(id) && (
          <button type="button" onClick={() => void history.forgetScreenshot(id)}>Forget screenshot</button>
        )}
        <button type="button" onClick={() => void history.remove(id)}>Remove entry</button>
      </div>
      {entry.duplicates && <DuplicatesLine duplicates={entry.duplicates} />}
      {error && <p class="field-error" role="alert">{error}</p>}
    </li>
  );
}

/** Posted sign-offs per ticket, newest first, with exports for people (Markdown) and tools (JSON). */
export function HistoryList({ history }: { history: HistoryModel }) {
  const view = history.view.value;
  if (history.loadError.value) return <p role="alert" class="error">{history.loadError.value}</p>;
  if (!view) return <p aria-busy="true">Loading the history…</p>;
  const exportError = history.errors.value.export;
  return (
    <>
      <div class="row">
        <button type="button" onClick={() => void history.export('markdown')}>Export Markdown</button>
        <button type="button" onClick={() => void history.export('json')}>Export JSON</button>
      </div>
      {exportError && <p class="field-error" role="alert">{exportError}</p>}
      {view.tickets.length === 0 && <p class="hint">No sign-offs posted yet.</p>}
      {view.tickets.map((group) => (
        <section key={`${group.tracker.id}:${group.ticket}`} class="history-ticket" aria-labelledby={`h-${group.tracker.id}-${group.ticket}`}>
          <h3 id={`h-${group.tracker.id}-${group.ticket}`}>{group.ticket} <span class="hint">({group.tracker.label})</span></h3>
          <ul class="history-entries">{group.entries.map((entry) => <EntryView key={entry.signOff.id} history={history} entry={entry} />)}</ul>
        </section>
      ))}
    </>
  );
}
