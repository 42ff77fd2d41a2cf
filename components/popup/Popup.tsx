import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PopupModel } from './popup-model';
import type { PopupState } from '../../lib/messaging/protocol';
import { FlagList } from './FlagList';
import { PageStatus } from './PageStatus';
import { ScenarioBar } from './ScenarioBar';
import { RunsPanel } from './RunsPanel';
import { ShareCopy, ShareOffer } from './SharePanel';
import { OverridesBanner, TabWarnings, time } from './TabLines';

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

/**
 * Draws the caller again every minute while `on`: "updated 3 min ago" must stay true in an open
 * popup, now that a click's answer no longer draws the whole popup again.
 */
function useEveryMinute(on: boolean) {
  const [, setMinute] = useState(0);
  useEffect(() => {
    if (!on) return undefined;
    const timer = setInterval(() => setMinute((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, [on]);
}

/** Where the flags come from, how fresh they are, and how far a long first load has got. */
function CatalogueStatus({ model, catalogue }: { model: PopupModel; catalogue: NonNullable<PopupState['catalogue']> }) {
  useEveryMinute(catalogue.fetchedAt !== undefined);
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
        {/* Short on screen so source, age and the button share one line; named in full. */}
        <button type="button" class="quiet small" aria-label={loading ? undefined : 'Refresh catalogue'} onClick={() => model.refreshCatalogue()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
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

/** The last action's failure when it concerned no one flag (a flag's own shows in its row). */
function GeneralError({ model }: { model: PopupModel }) {
  const error = model.actionError.value;
  return error && !error.key ? <p role="alert" class="error">{error.message}</p> : null;
}

/** The catalogue's error, where it comes from and how fresh it is, and its warnings. */
function CatalogueLines({ model }: { model: PopupModel }) {
  const catalogue = model.catalogue.value;
  if (!catalogue) return null;
  return (
    <>
      {catalogue.error && (
        <p role="alert" class="error">
          {catalogue.error}{catalogue.flags.length > 0 ? ' Showing the last good catalogue.' : ''}
        </p>
      )}
      <CatalogueStatus model={model} catalogue={catalogue} />
      {catalogue.warnings.length ? (
        <details class="warnings"><summary>{catalogue.warnings.length} warning(s) in the catalogue</summary>
          <ul>{catalogue.warnings.map((w) => <li key={w}>{w}</li>)}</ul></details>
      ) : null}
    </>
  );
}

function ShareWhenOverridden({ model }: { model: PopupModel }) {
  return model.hasOverrides.value ? <ShareCopy share={model.share} /> : null;
}

/**
 * The popup: this tab's state first, then its flags, then the tools (share, scenarios, runs).
 * Reads only whether the state is in and the site: each part below reads what it shows, so the
 * answer to a click redraws the parts whose data changed (the banner, the clicked row), not all.
 */
export function Popup({ model }: { model: PopupModel }) {
  const loadError = model.loadError.value;
  if (loadError) return <main><p role="alert" class="error">{loadError}</p></main>;
  if (!model.answered.value) return <main aria-busy="true"><p>Loading…</p></main>;
  const site = model.site.value;
  if (!site) return <main><NotSetUp model={model} /></main>;
  return (
    <main>
      <header class="popup-header">
        <h1>{site.name}</h1>
        <div class="header-actions">
          {model.canSignOff.value && <button type="button" class="primary" onClick={() => model.signOff()}>Sign off…</button>}
          <button type="button" class="quiet" onClick={() => model.openOptions()}>Settings</button>
        </div>
      </header>
      <OverridesBanner model={model} />
      <TabWarnings model={model} />
      <ShareOffer share={model.share} />
      <GeneralError model={model} />
      <CatalogueLines model={model} />
      <PageStatus model={model} />
      <FlagList model={model} />
      <AfterFirstPaint>
        <ShareWhenOverridden model={model} />
        <ScenarioBar model={model} />
        <RunsPanel model={model} />
      </AfterFirstPaint>
    </main>
  );
}
