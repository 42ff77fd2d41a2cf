import type { PostHog } from 'posthog-js';
import { config, rendered, show } from './app-shared';
import { POSTHOG_TOKEN } from './vendor-keys';

// dist/array.full.no-external.js stores an uninitialised instance in `window.posthog`, as the
// snippet's CDN bundle does; the app initialises that one.
const posthog = (window as unknown as { posthog: PostHog }).posthog;

posthog.init(POSTHOG_TOKEN, {
  // The shop stands in for PostHog's API (demo/sdk/vendor-apis.ts).
  api_host: `${config('siteOrigin')}/sdk/api/posthog`,
  // Flags only: no events, recordings, surveys or remote config from a demo.
  autocapture: false,
  capture_pageview: false,
  capture_pageleave: false,
  disable_session_recording: true,
  disable_surveys: true,
  persistence: 'memory',
  opt_out_capturing_by_default: true,
});

function render(): void {
  show('new-checkout', posthog.isFeatureEnabled('new-checkout'));
  show('hero-banner', posthog.getFeatureFlag('hero-banner'));
  show('max-items', posthog.getFeatureFlagPayload('max-items'));
  rendered();
}

// Called once the flags arrive, and again whenever they change (PostHog's re-render hook).
posthog.onFeatureFlags(render);
