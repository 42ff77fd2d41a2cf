import type { Site } from '../config/schema';
import type { MissingSecret } from '../messaging/protocol';
import { catalogueOrigin } from '../providers/sources';
import { hostsBinding, transportSecretSlot, type SecretsStore, type TokenLookup } from '../secrets/store';
import { TRANSPORT_METAS, type TransportId } from '../transports/meta-registry';
import { secretsNeeded } from '../transports/registry';

/**
 * Where a transport's secret comes from: its own slot, bound to the site's hosts; or, for a
 * transport whose secret is the catalogue's token too (the Vercel cookie and the Vercel
 * discovery endpoint share FLAGS_SECRET), the site's catalogue token, bound to the catalogue's
 * origin, when the site's catalogue is that provider.
 */
export function createTransportSecrets(secrets: SecretsStore) {
  async function lookup(site: Site, id: TransportId): Promise<TokenLookup> {
    const own = await secrets.tokenFor(site.id, transportSecretSlot(id), hostsBinding(site.hosts));
    if (own && 'token' in own) return own;
    const shared = TRANSPORT_METAS.find((m) => m.id === id)?.secret?.sameAsCatalogueOf;
    const origin = shared !== undefined && site.catalogue.provider === shared ? catalogueOrigin(site.catalogue) : undefined;
    const catalogue = origin ? await secrets.tokenFor(site.id, 'catalogue', origin) : undefined;
    return catalogue && 'token' in catalogue ? catalogue : own;
  }

  return {
    /** The secret `prepare` gets, or undefined (then the transport sends nothing). */
    async secretFor(site: Site, id: TransportId): Promise<string | undefined> {
      const found = await lookup(site, id);
      return found && 'token' in found ? found.token : undefined;
    },
    /** The transports that are on but send nothing for want of their secret, for the popup. */
    async missing(site: Site): Promise<MissingSecret[]> {
      const missing: MissingSecret[] = [];
      for (const need of secretsNeeded(site.transports)) {
        const found = await lookup(site, need.id);
        if (!found || !('token' in found)) missing.push({ transport: need.label, secret: need.secret, otherHosts: found !== undefined });
      }
      return missing;
    },
  };
}
