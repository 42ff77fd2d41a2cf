import type { ConfigStore } from '../config/store';
import type { Handlers } from '../messaging/router';

/**
 * What the options page asks of the configuration. The worker already reads, migrates and
 * validates it (every click needs the sites), so the page shows the list of sites without
 * bundling a schema of its own: reads come from here, only writes load the store in the page.
 */
export function settingsPageHandlers(config: Pick<ConfigStore, 'load' | 'syncManaged'>): Pick<Handlers, 'config/read' | 'policy/sync'> {
  return {
    // Read afresh, not the sites the worker holds: the page shows the whole document, scenarios
    // and what the organisation's policy replaced included.
    'config/read': () => config.load(),
    'policy/sync': async () => {
      await config.syncManaged();
      return { synced: true };
    },
  };
}
