import type { SignOffDraft } from '../../lib/signoff/view';

/** Where the sign-off goes, or what stops it going there (it is still saved and waits). */
export function TrackerLine({ draft, openOptions }: { draft: SignOffDraft; openOptions(): void }) {
  const tracker = draft.tracker;
  const settings = <button type="button" onClick={openOptions}>Open settings</button>;
  if (!tracker) {
    return (
      <div class="tracker notice">
        <p>
          No ticket tracker is set up for {draft.site?.name}. You can still sign off: the sign-off is saved in
          Flagtab's outbox and waits there until a tracker is set up in Settings.
        </p>
        {settings}
      </div>
    );
  }
  return (
    <div class={`tracker${tracker.problem ? ' notice' : ''}`}>
      {tracker.problem ? <p>{tracker.problem}</p> : <p>Posts to {tracker.label}</p>}
      {!tracker.uploadsScreenshots && <p class="hint">{tracker.label} cannot take images: the screenshot stays in Flagtab's history.</p>}
      {tracker.problem && settings}
    </div>
  );
}

/** The tab is not on a configured site: there is nothing to sign off. */
export function NoSite({ draft, openOptions }: { draft: SignOffDraft; openOptions(): void }) {
  let host: string | undefined;
  try {
    host = draft.tabUrl ? new URL(draft.tabUrl).hostname || undefined : undefined;
  } catch {
    host = undefined; // about:blank and the like have no host to name
  }
  return (
    <section class="empty">
      <p>
        {host ? <>This tab (<strong>{host}</strong>) is not on a site configured in Flagtab,</> : 'This tab is not on a site configured in Flagtab,'}
        {' '}so there is nothing to sign off here. Switch to a tab on your site, or add the site in Settings.
      </p>
      <button type="button" onClick={openOptions}>Open settings</button>
    </section>
  );
}
