import type { PopupModel } from './popup-model';
import type { PopupState } from '../../lib/messaging/protocol';
import { describeServerDecision } from '../../lib/detect/status';

/*
 * The lines about this tab at the top of the popup. Each part reads only the fields it shows
 * (the model's per-field signals), so a click's answer redraws the banner when its count or
 * expiry changed and leaves the rest as it was.
 */

export function time(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * The first answer: how many overrides this tab has, when they expire, and Reset. Coloured as
 * the toolbar badge is (lib/overrides/badge.ts): the override colour, or the warning colour when
 * the page loaded without them or does not honour one. Without overrides, one quiet line.
 */
export function OverridesBanner({ model }: { model: PopupModel }) {
  const count = model.overrideCount.value;
  const expiresAt = model.expiresAt.value;
  const notHonoured = model.pageSummary.value.notHonoured;
  const tone = count === 0 ? 'none' : model.loadedWithout.value || notHonoured > 0 ? 'warning' : 'overrides';
  return (
    <div class={`banner ${tone}`}>
      <p class="status" aria-live="polite">
        {count === 0 ? 'No overrides in this tab' : <strong>{count} override{count === 1 ? '' : 's'} in this tab</strong>}
        {count > 0 && expiresAt ? <> · expire at <time>{time(expiresAt)}</time></> : null}
        {count > 0 && notHonoured > 0 ? ` · ${notHonoured} not honoured` : null}
      </p>
      {count > 0 && <button type="button" class="banner-reset" onClick={() => model.resetAll()}>Reset all</button>}
    </div>
  );
}

/** What may keep the overrides from working in this tab: a page loaded without them, no signing key, the address, missing secrets, the server's decision. */
export function TabWarnings({ model }: { model: PopupModel }) {
  const loadedWithout = model.loadedWithout.value;
  const address = model.address.value;
  const serverDecision = model.detections.value?.serverDecision;
  return (
    <>
      {loadedWithout && (
        <div role="alert" class="error load-warning">
          <p>{loadedWithout.message}.</p>
          {loadedWithout.canReload && <button type="button" onClick={() => model.reloadTab()}>Reload tab</button>}
        </div>
      )}
      {model.signing.value?.status === 'no-key' && (
        <p class="warning signing-warning">Signing is on for this site but it has no signing key: overrides go unsigned, and a server that verifies ignores them. Make a key in Settings.</p>
      )}
      {address && <AddressLine address={address} overridden={model.hasOverrides.value} onReload={() => model.reloadTab()} />}
      {model.missingSecrets.value?.map((missing) => (
        <p key={missing.transport} class="warning secret-warning">
          {missing.transport} is on for this site but Flagtab has no {missing.secret}{missing.otherHosts ? ' saved for its current hosts' : ''}: nothing goes that way. {missing.otherHosts ? 'Save the site in Settings to use the stored one with these hosts, or enter it again.' : `Enter the app's ${missing.secret} in Settings.`}
        </p>
      ))}
      {serverDecision && (
        <p class={`server-decision ${serverDecision.status}`} role="status">{describeServerDecision(serverDecision)}.</p>
      )}
    </>
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
