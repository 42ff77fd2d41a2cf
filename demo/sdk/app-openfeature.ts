import type * as OpenFeatureSdk from '@openfeature/web-sdk';
import { rendered, show } from './app-shared';

// The SDK's own browser bundle (dist/global) defines `var OpenFeature`: the package's exports.
const { OpenFeature, InMemoryProvider, ProviderEvents } = (window as unknown as { OpenFeature: typeof OpenFeatureSdk }).OpenFeature;

const provider = new InMemoryProvider({
  'new-checkout': { variants: { on: true, off: false }, defaultVariant: 'off', disabled: false },
  'hero-banner': { variants: { a: 'a', b: 'b', c: 'c' }, defaultVariant: 'a', disabled: false },
  'max-items': { variants: { three: 3, five: 5, ten: 10 }, defaultVariant: 'three', disabled: false },
});
OpenFeature.setProvider(provider);
const client = OpenFeature.getClient();

function render(): void {
  show('new-checkout', client.getBooleanValue('new-checkout', false));
  show('hero-banner', client.getStringValue('hero-banner', 'a'));
  show('max-items', client.getNumberValue('max-items', 3));
  // Not in the provider: the app gets its default, the SDK says FLAG_NOT_FOUND.
  show('price-format', client.getStringValue('price-format', 'short'));
  rendered();
}

client.addHandler(ProviderEvents.ConfigurationChanged, render);
render();
