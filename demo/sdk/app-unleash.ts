import type * as UnleashProxyClient from 'unleash-proxy-client';
import { config, failed, rendered, show } from './app-shared';

// build/main.min.js (UMD) defines `unleash`: the package's exports. The app then puts its
// client in the same global, as Unleash's browser examples do.
const { UnleashClient } = (window as unknown as { unleash: typeof UnleashProxyClient }).unleash;

const url = config('unleashUrl');
const clientKey = config('unleashKey');

if (url && clientKey) {
  const client = new UnleashClient({
    url: `${url}/api/frontend`,
    clientKey,
    appName: 'demo-shop',
    // One fetch per page load is enough here; no metrics to Unleash from a demo.
    disableRefresh: true,
    disableMetrics: true,
  });
  (window as unknown as { unleash: unknown }).unleash = client;

  const render = () => {
    show('new-checkout', client.isEnabled('new-checkout'));
    const hero = client.getVariant('hero-banner');
    show('hero-banner', hero.enabled ? (hero.payload?.value ?? hero.name) : 'disabled');
    show('dark-mode', client.isEnabled('dark-mode'));
    rendered();
  };
  client.on('ready', render);
  client.on('update', render);
  client.on('error', (error: unknown) => failed(JSON.stringify(error) ?? 'unknown error'));
  void client.start();
}
