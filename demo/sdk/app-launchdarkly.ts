import type * as LaunchDarkly from 'launchdarkly-js-client-sdk';
import { config, failed, rendered, show } from './app-shared';

// dist/ldclient.min.js (UMD) defines `LDClient`: the package's exports.
const { initialize } = (window as unknown as { LDClient: typeof LaunchDarkly }).LDClient;
const shop = config('siteOrigin');

const client = initialize(
  'demo-shop-client-side-id',
  { kind: 'user', key: 'demo-user' },
  {
    // Flags as a server-side SDK would render them into the page: no request for flags.
    bootstrap: {
      'new-checkout': false,
      'hero-banner': 'b',
      'max-items': 5,
      $flagsState: {
        'new-checkout': { variation: 1, version: 3, reason: { kind: 'FALLTHROUGH' } },
        'hero-banner': { variation: 1, version: 7, reason: { kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'beta' } },
        'max-items': { variation: 1, version: 2, reason: { kind: 'FALLTHROUGH' } },
      },
      $valid: true,
    },
    streaming: false,
    sendEvents: false,
    diagnosticOptOut: true,
    fetchGoals: false,
    // Should anything still call home, it reaches the demo shop (and its log), not LaunchDarkly.
    baseUrl: shop,
    eventsUrl: shop,
    streamUrl: shop,
  },
);
// Exposed before subscribing, so tools watching window.ldClient see the app's change handlers.
(window as unknown as { ldClient: unknown }).ldClient = client;

function render(): void {
  show('new-checkout', client.variation('new-checkout', false));
  show('hero-banner', client.variationDetail('hero-banner', 'a').value);
  show('max-items', client.variation('max-items', 3));
  rendered();
}

client.on('change', render);
client.waitForInitialization(5).then(render, (error: unknown) => failed(String(error)));
