import type * as StatsigSdk from '@statsig/js-client';
import { config, failed, rendered, show } from './app-shared';
import { STATSIG_CLIENT_KEY } from './vendor-keys';

// build/statsig-js-client.min.js defines `Statsig`: the package's exports. Each client adds
// itself to window.__STATSIG__, Statsig's own registry of the page's clients.
const { StatsigClient } = (window as unknown as { Statsig: typeof StatsigSdk }).Statsig;

const client = new StatsigClient(
  STATSIG_CLIENT_KEY,
  { userID: 'demo-user' },
  {
    // The shop stands in for Statsig's API (demo/sdk/vendor-apis.ts); no events from a demo.
    networkConfig: { api: `${config('siteOrigin')}/sdk/api/statsig/v1` },
    loggingEnabled: 'disabled',
  },
);

function render(): void {
  if (client.loadingStatus !== 'Ready') return; // values_updated also says "Loading"
  show('new-checkout', client.checkGate('new-checkout'));
  show('hero-banner', client.getExperiment('hero-banner').get('variant', 'a'));
  show('max-items', client.getDynamicConfig('max-items').get('count', 3));
  rendered();
}

// Statsig's re-render hook (its React bindings listen to the same event).
client.on('values_updated', render);
client.initializeAsync().catch((error: unknown) => failed(String(error)));
