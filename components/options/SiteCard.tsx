import type { Site } from '../../lib/config/schema';
import { trackerOrigin } from '../../lib/trackers/origins';
import { TRACKER_NAMES } from './card-words';
import { formatCatalogue, formatDuration, formatTransports } from './format';
import type { OptionsModel } from './options-model';
import { SigningKeySection } from './SigningKeySection';
import { ScenarioList } from './ScenarioList';

/** One configured site: what it covers, how overrides travel, and its actions. */
export function SiteCard({ model, site, lacksAccess, socketsOnly = false }: { model: OptionsModel; site: Site; lacksAccess: boolean; socketsOnly?: boolean }) {
  const headingId = `site-${site.id}-name`;
  const managed = model.managedIds.value.has(site.id);
  return (
    <li class={managed ? 'site managed' : 'site'} aria-labelledby={headingId}>
      <h3 id={headingId}>{site.name}</h3>
      {managed && <p class="managed-badge">Managed by your organisation</p>}
      {lacksAccess && (
        <p class="message warning">
          {socketsOnly
            ? 'Flagtab may not reach this site\'s websockets (ws:// and wss://) yet, so websocket connections go without overrides; pages and requests get them.'
            : 'Flagtab has no access to this site\'s hosts any more, so overrides are not sent.'}{' '}
          <button type="button" aria-label={`Grant access to ${site.name}`} onClick={() => void model.grantAccess(site.id)}>
            Grant access
          </button>
        </p>
      )}
      <dl>
        <dt>Hosts</dt>
        <dd>{site.hosts.join(', ')}</dd>
        <dt>Catalogue</dt>
        <dd class="catalogue">{formatCatalogue(site.catalogue)}</dd>
        <dt>Transports</dt>
        <dd>{formatTransports(site.transports)}</dd>
        {site.tracker && (
          <>
            <dt>Sign-offs go to</dt>
            <dd>{`${TRACKER_NAMES[site.tracker.tracker]} at ${new URL(trackerOrigin(site.tracker)).host}`}</dd>
          </>
        )}
        <dt>Overrides expire after</dt>
        <dd>{formatDuration(site.expiryMinutes)}</dd>
      </dl>
      <SigningKeySection model={model.signingKeys} site={site} />
      <ScenarioList model={model.scenarios} site={site} />
      {managed ? (
        <p class="hint">Your organisation set this site up through its browser policy, so it cannot be edited or removed here. Ask your administrator to change it; your own token for it stays yours.</p>
      ) : (
        <div class="actions">
          <button type="button" aria-label={`Edit ${site.name}`} onClick={() => void model.startEdit(site.id)}>
            Edit
          </button>
          <button type="button" aria-label={`Remove ${site.name}`} onClick={() => void model.removeSite(site.id)}>
            Remove
          </button>
        </div>
      )}
    </li>
  );
}
