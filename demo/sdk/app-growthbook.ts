import type * as GrowthBookSdk from '@growthbook/growthbook';
import { rendered, show } from './app-shared';

// dist/bundles/index.min.js defines `var growthbook`: the package's exports.
const { GrowthBook } = (window as unknown as { growthbook: typeof GrowthBookSdk }).growthbook;

const gb = new GrowthBook({
  attributes: { id: 'demo-user' },
  // enableDevMode puts the instance on window._growthbook for GrowthBook's DevTools (and Flagtab).
  enableDevMode: true,
  features: {
    'new-checkout': { defaultValue: false },
    'hero-banner': {
      defaultValue: 'a',
      rules: [{ key: 'hero-test', variations: ['a', 'b', 'c'], weights: [0.34, 0.33, 0.33], hashAttribute: 'id' }],
    },
    'max-items': { defaultValue: 3 },
  },
  trackingCallback: () => undefined,
});

function render(): void {
  show('new-checkout', gb.isOn('new-checkout'));
  show('hero-banner', gb.getFeatureValue('hero-banner', 'a'));
  show('max-items', gb.getFeatureValue('max-items', 3));
  rendered();
}

// setForcedFeatures, setAttributes and new payloads call the renderer: GrowthBook's re-render hook.
gb.setRenderer(render);
render();
