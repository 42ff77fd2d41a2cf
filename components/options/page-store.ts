import type { ConfigStorageArea, ConfigStore, LoadResult } from '../../lib/config/store';
import type { BackgroundClient } from '../../lib/messaging/client';
import { STORED } from '../../lib/storage/keys';
import type { OptionsDeps } from './options-model';
import { onFirstCall } from './part';

/** The keys whose change changes what the page shows: the person's document and the organisation's. */
const WATCHED = [STORED.config.key, STORED.managedPolicy.key, STORED.managedScenarios.key];

/**
 * The options page's configuration store. Reads come from the background, which already reads,
 * migrates and validates the configuration (and merges the organisation's sites), so the list
 * of sites comes up without a schema in the page. Writes go through the real store
 * (lib/config/store.ts), whose code (zod, the schemas) `loadWriter` loads on the first write.
 *
 * @example
 * const store = createPageStore({ client, local: browser.storage.local,
 *   loadWriter: async () => (await import('../../lib/config/store')).createConfigStore(browser.storage.local) });
 */
export function createPageStore(deps: {
  client: Pick<BackgroundClient, 'request'>;
  /** Where the configuration lives, for its changes (`browser.storage.local`). */
  local: Pick<ConfigStorageArea, 'onChanged'>;
  loadWriter(): Promise<Pick<ConfigStore, 'save' | 'upsertSite' | 'removeSite' | 'updateScenarios'>>;
}): OptionsDeps['store'] {
  const load = (): Promise<LoadResult> => deps.client.request('config/read', {});
  return {
    load,
    ...onFirstCall(deps.loadWriter, ['save', 'upsertSite', 'removeSite', 'updateScenarios']),
    watch(callback) {
      // Each change is read again whole; only the newest read is reported, so a slow one cannot
      // overwrite a later change.
      let latest = 0;
      const listener = (changes: Record<string, unknown>) => {
        if (!WATCHED.some((key) => Object.hasOwn(changes, key))) return;
        const run = ++latest;
        load().then((result) => {
          if (run === latest) callback(result);
        }, (error: unknown) => console.error('Flagtab: could not read the configuration after a change', error));
      };
      deps.local.onChanged.addListener(listener);
      return () => deps.local.onChanged.removeListener(listener);
    },
  };
}
