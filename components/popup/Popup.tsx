import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PopupModel } from './popup-model';
import type { PopupState } from '../../lib/messaging/protocol';
import { FlagList } from './FlagList';
import { PageStatus } from './PageStatus';
import { ScenarioBar } from './ScenarioBar';
import { RunsPanel } from './RunsPanel';
import { describeServerDecision } from '../../lib/detect/status';
import { ShareCopy, ShareOffer } from './SharePanel';

function time(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function NotSetUp({ model }: { model: PopupModel }) {
  const host = model.tabHost.value;
  return (
    <section class="empty">
      <ShareOffer share={model.share} />
      {host ? (
        <>
          <p>Flagtab is not set up for <strong>{host}</strong>.</p>
          <button type="button" onClick={() => model.setUpThisSite()}>Set up this site</button>
        </>
      ) : (
        <>
          <p>Flagtab cannot see this tab's address. Open Flagtab from the toolbar while on the site, or add the site in Settings.</p>
          <button type="button" onClick={() => model.openOptions()}>Open settings</button>
        </>
      )}
    </section>
  );
}

function ago(epochMs: number): string {
  const minutes = Math.round((Date.now() - epochMs) / 60_000);
  return minutes < 1 ? 'just now' : minutes < 60 ? `${minutes} min ago` : `at ${time(epochMs)}`;
}

/** Where the flags come from, how fresh they are, and how far a long first load has got. */
function CatalogueStatus({ model, catalogue }: { model: PopupModel; catalogue: NonNullable<PopupState['catalogue']> }) {
  const progress = model.progress.value;
  const loading = model.refreshing.value;
  const source = [catalogue.providerLabel, catalogue.environment].filter(Boolean).join(' · ');
  let status: string;
  if (loading && progress?.message) status = progress.message;
  else if (loading && progress) status = `Loading catalogue… ${progress.loaded}${progress.total ? ` of ${progress.total}` : ''} flags`;
  else if (loading) status = catalogue.fetchedAt ? 'Checking for changes…' : 'Loading catalogue…';
  else status = catalogue.fetchedAt ? `updated ${ago(catalogue.fetchedAt)}` : '';
  return (
    <>
      <div class="catalogue-line">
        <p class="catalogue-status" aria-live="polite" aria-busy={loading}>
          {source}{status ? ` · ${status}` : ''}
          {loading && progress?.total ? <progress max={progress.total} value={progress.loaded} aria-label="Catalogue loading" /> : null}
        </p>
        <button type="button" class="quiet" onClick={() => model.refreshCatalogue()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh catalogue'}
        </button>
      </div>
      {!catalogue.listsVariants && (
        <p class="note">{catalogue.providerLabel} reports each flag's evaluated value only; it does not list the other variants. Type any value to override.</p>
      )}
    </>
  );
}

/**
 * Children drawn once the popup's first screen has painted (Preact runs effects after the
 * paint): the tools under the list (share, scenarios, runs) cost that first screen nothing, and being
 * under the list they move nothing on it when they arrive.
 */
function AfterFirstPaint({ children }: { children: ComponentChildren }) {
  const [painted, setPainted] = useState(false);
  useEffect(() => setPainted(true), []);
  return painted ? <>{children}</> : null;
}

/** The popup: this tab's state first, then its flags, then the tools (share, scenarios, runs). */
export function Popup({ model }: { model: PopupModel }) {
  const state = model.state.value;
  if (model.loadError.value) {
    return <main><p role="alert" class="error">{model.loadError.value}</p></main>;
  }
  if (!state) return <main aria-busy="true"><p>Loading…</p></main>;
  if (!state.site) return <main><NotSetUp model={model} /></main>;

  const count = model.overrideCount.value;
  const catalogue = state.catalogue;
  const serverDecision = model.detections.value?.serverDecision;
  const generalError = model.actionError.value && !model.actionError.value.key ? model.actionError.value.message : undefined;
  return (
    <main>
      <header class="popup-header">
        <h1>{state.site.name}</h1>
        <div class="header-actions">
          {model.canSignOff.value && <button type="button" class="primary" onClick={() => model.signOff()}>Sign off…</button>}
          <button type="button" class="quiet" onClick={() => model.openOptions()}>Settings</button>
        </div>
      </header>
      <OverridesBanner model={model} state={state} />
      {state.loadedWithout && (
        <div role="alert" class="error load-warning">
          <p>{state.loadedWithout.message}.</p>
          {state.loadedWithout.canReload && <button type="button" onClick={() => model.reloadTab()}>Reload tab</button>}
        </div>
      )}
      {state.signing?.status === 'no-key' && (
        <p class="warning signing-warning">Signing is on for this site but it has no signing key: overrides go unsigned, and a server that verifies ignores them. Make a key in Settings.</p>
      )}
      {state.address && <AddressLine address={state.address} overridden={Object.keys(state.overrides).length > 0} onReload={() => model.reloadTab()} />}
      {state.missingSecrets?.map((missing) => (
        <p key={missing.transport} class="warning secret-warning">
          {missing.transport} is on for this site but Flagtab has no {missing.secret}{missing.otherHosts ? ' saved for its current hosts' : ''}: nothing goes that way. {missing.otherHosts ? 'Save the site in Settings to use the stored one with these hosts, or enter it again.' : `Enter the app's ${missing.secret} in Settings.`}
        </p>
      ))}
      {serverDecision && (
        <p class={`server-decision ${serverDecision.status}`} role="status">{describeServerDecision(serverDecision)}.</p>
      )}
      <ShareOffer share={model.share} />
      {generalError && <p role="alert" class="error">{generalError}</p>}
      {catalogue?.error && (
        <p role="alert" class="error">
          {catalogue.error}{catalogue.flags.length > 0 ? ' Showing the last good catalogue.' : ''}
        </p>
      )}
      {catalogue && <CatalogueStatus model={model} catalogue={catalogue} />}
      {catalogue?.warnings.length ? (
        <details class="warnings"><summary>{catalogue.warnings.length} warning(s) in the catalogue</summary>
          <ul>{catalogue.warnings.map((w) => <li key={w}>{w}</li>)}</ul></details>
      ) : null}
      <PageStatus model={model} />
      <FlagList model={model} />
      <AfterFirstPaint>
        {count > 0 && <ShareCopy share={model.share} />}
        <ScenarioBar model={model} />
        <RunsPanel model={model} />
      </AfterFirstPaint>
    </main>
  );
}

/**
 * The first answer: how many overrides this tab has, when they expire, and Reset. Coloured as
 * the toolbar badge is (lib/overrides/badge.ts): the override colour, or the warning colour when
 * the page loaded without them or does not honour one. Without overrides, one quiet line.
 */
function OverridesBanner({ model, state }: { model: PopupModel; state: PopupState }) {
  const count = model.overrideCount.value;
  const notHonoured = model.pageSummary.value.notHonoured;
  const tone = count === 0 ? 'none' : state.loadedWithout || notHonoured > 0 ? 'warning' : 'overrides';
  return (
    <div class={`banner ${tone}`}>
      <p class="status" aria-live="polite">
        {count === 0 ? 'No overrides in this tab' : <strong>{count} override{count === 1 ? '' : 's'} in this tab</strong>}
        {count > 0 && state.expiresAt ? <> · expire at <time>{time(state.expiresAt)}</time></> : null}
        {count > 0 && notHonoured > 0 ? ` · ${notHonoured} not honoured` : null}
      </p>
      {count > 0 && <button type="button" class="banner-reset" onClick={() => model.resetAll()}>Reset all</button>}
    </div>
  );
}

/** The query transport shows in the address bar: say so, and offer to load the address clean after a reset. */
function AddressLine({ address, overridden, onReload }: { address: NonNullable<PopupState['address']>; overridden: boolean; onReload: () => void }) {
  if (overridden) return <p class="hint address-line">These overrides also travel in the address ({address.param}) of this tab's page loads: a link copied from it carries them.</p>;
  if (!address.carried) return null;
  return (
    <p class="warning address-line">
      The address still carries {address.param} from earlier overrides. <button type="button" onClick={onReload}>Reload without them</button>
    </p>
  );
}
