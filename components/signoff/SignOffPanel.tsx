import type { SignOffModel } from './signoff-model';
import { HistoryList } from './HistoryList';
import { OutboxList } from './OutboxList';
import { PanelTabs } from './PanelTabs';
import { SignOffForm } from './SignOffForm';

/** The tab moved to another site while a sign-off was being written: ask before starting afresh. */
function SiteChange({ model }: { model: SignOffModel }) {
  const next = model.form.otherSite.value;
  const current = model.form.draft.value?.site?.name;
  if (!next) return null;
  const where = next.site ? `a tab on ${next.site.name}` : 'a tab that is not on a configured site';
  return (
    <div class="notice site-change" role="alert">
      <p>You are now on {where}. Your sign-off for {current} is kept, with the evidence of the tab you wrote it for.</p>
      <div class="row">
        <button type="button" onClick={() => model.form.keepSite()}>Keep my sign-off for {current}</button>
        <button type="button" onClick={() => model.form.switchSite()}>{next.site ? `Start fresh on ${next.site.name}` : 'Start fresh'}</button>
      </div>
    </div>
  );
}

/** The QA sign-off side panel: sign off the tab in view, see what waits in the outbox, and what was posted. */
export function SignOffPanel({ model }: { model: SignOffModel }) {
  const view = model.view.value;
  return (
    <main class="panel">
      <h1>QA sign-off</h1>
      <PanelTabs current={view} onSelect={(v) => { model.view.value = v; }}
        tabs={[{ view: 'signoff', label: 'Sign off' }, { view: 'outbox', label: 'Outbox', count: model.outbox.count.value }, { view: 'history', label: 'History' }]}>
        {view === 'signoff' && (<><SiteChange model={model} /><SignOffForm model={model} /></>)}
        {view === 'outbox' && <OutboxList outbox={model.outbox} now={model.now()} />}
        {view === 'history' && <HistoryList history={model.history} />}
      </PanelTabs>
      <p class="shortcuts">
        Keys: <kbd>Ctrl</kbd>+<kbd>Enter</kbd> (<kbd>⌘</kbd>+<kbd>Enter</kbd> on a Mac) sends · arrow keys pick the verdict · <kbd>←</kbd> <kbd>→</kbd> switch
        between Sign off, Outbox and History.
      </p>
    </main>
  );
}
