import type * as ConfigCatSdk from 'configcat-js';
import { config, failed, rendered, show } from './app-shared';
import { CONFIGCAT_SDK_KEY } from './vendor-keys';

// dist/configcat.js defines `var configcat`: the package's exports.
const { getClient, PollingMode } = (window as unknown as { configcat: typeof ConfigCatSdk }).configcat;

const client = getClient(CONFIGCAT_SDK_KEY, PollingMode.AutoPoll, {
  // The shop stands in for ConfigCat's CDN (demo/sdk/vendor-apis.ts); one download per page.
  baseUrl: `${config('siteOrigin')}/sdk/api/configcat`,
  pollIntervalSeconds: 3600,
});
// configcat-js keeps no global: the page exposes its client where Flagtab (docs/detection.md) looks.
(window as unknown as { configcatClient: unknown }).configcatClient = client;

async function render(): Promise<void> {
  const snapshot = client.snapshot();
  const [newCheckout, maxItems] = await Promise.all([client.getValueAsync('new-checkout', false), client.getValueAsync('max-items', 3)]);
  show('new-checkout', newCheckout);
  show('hero-banner', snapshot.getValue('hero-banner', 'a'));
  show('max-items', maxItems);
  rendered();
}

const renderOrFail = () => render().catch((error: unknown) => failed(String(error)));
// ConfigCat's re-render hook: a new config was downloaded (or Flagtab changed the overrides).
client.on('configChanged', renderOrFail);
client.waitForReady().then(renderOrFail, (error: unknown) => failed(String(error)));
