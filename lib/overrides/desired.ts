import type { Site } from '../config/schema';
import type { TabSiteOverrides } from './planner';
import { prepareFor, preparesAny, signsOverrides } from '../transports/registry';
import type { TransportId } from '../transports/meta-registry';
import { TokenTooLongError, signForHosts, tokenTimes, type Signer } from './signing';
import { withoutExpired, type OverrideState } from './state';

/** What working out a state's rules needs of the engine's dependencies (engine.ts EngineDeps). */
export interface DesiredDeps {
  now(): number;
  signer?(siteId: string): Promise<Signer | undefined>;
  transportSecret?(siteId: string, transportId: TransportId): Promise<string | undefined>;
}

/** `next` without expired overrides, sites no longer configured, and tabs left with none. */
export function cleanState(next: OverrideState, sites: readonly Site[], now: number): OverrideState {
  const siteIds = new Set(sites.map((s) => s.id));
  const cleaned = withoutExpired(next, now);
  for (const tabSites of Object.values(cleaned)) {
    for (const siteId of Object.keys(tabSites)) if (!siteIds.has(siteId)) delete tabSites[siteId];
  }
  for (const [tabId, tabSites] of Object.entries(cleaned)) if (Object.keys(tabSites).length === 0) delete cleaned[tabId];
  return cleaned;
}

/** An expected failure the UI shows as it is (the message says what to do). */
export class OverrideError extends Error {
  override name = 'OverrideError';
}

/**
 * What each (tab, site) should send. A site that signs and has a key gets a token per host
 * pattern; one without a key sends what its other transports carry (the popup says so).
 * `refuseTooLong`: a token that would not fit refuses the change (the tester's own click);
 * otherwise (a re-sign, a reconcile) that group goes without the signed header.
 */
export async function desiredFrom(deps: DesiredDeps, state: OverrideState, sites: readonly Site[], refuseTooLong: boolean): Promise<{ desired: TabSiteOverrides[]; signed: boolean }> {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const signers = new Map<string, Promise<Signer | undefined>>();
  const signerOf = (siteId: string) => {
    if (!signers.has(siteId)) signers.set(siteId, deps.signer ? deps.signer(siteId) : Promise.resolve(undefined));
    return signers.get(siteId)!;
  };
  const desired: TabSiteOverrides[] = [];
  let signed = false;
  for (const [tabId, tabSites] of Object.entries(state)) {
    for (const [siteId, s] of Object.entries(tabSites)) {
      const site = byId.get(siteId);
      if (!site) continue;
      const group: TabSiteOverrides = { tabId: Number(tabId), hosts: site.hosts, transports: site.transports, values: s.values };
      if (preparesAny(site.transports)) {
        const secretOf = (id: TransportId) => (deps.transportSecret ? deps.transportSecret(siteId, id) : Promise.resolve(undefined));
        group.prepared = await prepareFor(site.transports, s.values, { expiresAt: s.expiresAt, now: deps.now() }, secretOf);
      }
      const signer = signsOverrides(site.transports) ? await signerOf(siteId) : undefined;
      const times = signer && tokenTimes(deps.now(), { setAt: Object.values(s.setAt ?? {}), expiresAt: s.expiresAt });
      if (signer && times) {
        try {
          group.signed = { tokens: await signForHosts(s.values, site.hosts, signer, times) };
          signed = true;
        } catch (error) {
          if (!(error instanceof TokenTooLongError)) throw error;
          if (refuseTooLong) throw new OverrideError(`This override cannot be sent: ${error.message}.`, { cause: error });
          console.warn(`Flagtab: tab ${tabId} sends its overrides for ${siteId} unsigned`, error);
        }
      }
      desired.push(group);
    }
  }
  return { desired, signed };
}

