import { JSON_TYPE, type DemoResponse, type DemoRoutes } from '../routes';
import { CONFIGCAT_SDK_KEY, POSTHOG_TOKEN } from './vendor-keys';

/**
 * Local stand-ins for the flag APIs of the SDKs that fetch their flags (PostHog, Flagsmith,
 * Statsig, ConfigCat), under `/sdk/api/<sdk>/…` on the shop: each answers the request its SDK
 * makes with the vendor's documented response format, so the real browser bundles run
 * unchanged and nothing leaves the machine. Every demo page reads the same three flags.
 */

const json = (body: unknown): DemoResponse => ({ status: 200, type: JSON_TYPE, body: JSON.stringify(body) });

/** posthog-js POSTs to `<api_host>/flags/?v=2`: flags v2, with payloads as JSON text. */
const POSTHOG_FLAGS = {
  flags: {
    'new-checkout': { key: 'new-checkout', enabled: false, variant: null, reason: { code: 'no_condition_match' }, metadata: { id: 1, version: 3, payload: null } },
    'hero-banner': { key: 'hero-banner', enabled: true, variant: 'b', reason: { code: 'condition_match', condition_index: 0 }, metadata: { id: 2, version: 7, payload: null } },
    'max-items': { key: 'max-items', enabled: true, variant: null, reason: { code: 'condition_match', condition_index: 0 }, metadata: { id: 3, version: 2, payload: '5' } },
  },
  errorsWhileComputingFlags: false,
  requestId: 'demo-shop-request',
};

/** posthog-js GETs `<api_host>/array/<token>/config` first: the project's remote config, here one with flags and nothing else. */
const POSTHOG_CONFIG = { token: POSTHOG_TOKEN, hasFeatureFlags: true, supportedCompression: [], autocapture_opt_out: true, sessionRecording: false, heatmaps: false, surveys: false };

/** flagsmith GETs `<api>flags/`: the environment's flags, one feature state each. */
const FLAGSMITH_FLAGS = [
  { id: 1, feature: { id: 1, name: 'new-checkout', type: 'STANDARD' }, enabled: false, feature_state_value: null },
  { id: 2, feature: { id: 2, name: 'hero-banner', type: 'STANDARD' }, enabled: true, feature_state_value: 'b' },
  { id: 3, feature: { id: 3, name: 'max-items', type: 'STANDARD' }, enabled: true, feature_state_value: 5 },
];

/** @statsig/js-client POSTs to `<networkConfig.api>/initialize`: the v1 initialize response, names unhashed. */
function statsigInitialize(): unknown {
  const config = (name: string, value: unknown, experiment: boolean) => ({
    name,
    value,
    rule_id: experiment ? 'hero-test-group-b' : 'default',
    group: experiment ? 'hero-test-group-b' : 'default',
    group_name: experiment ? 'Test B' : undefined,
    is_device_based: false,
    id_type: 'userID',
    secondary_exposures: [],
    ...(experiment ? { is_experiment_active: true, is_user_in_experiment: true } : {}),
  });
  return {
    feature_gates: { 'new-checkout': { name: 'new-checkout', value: false, rule_id: 'default', id_type: 'userID', secondary_exposures: [] } },
    dynamic_configs: { 'hero-banner': config('hero-banner', { variant: 'b' }, true), 'max-items': config('max-items', { count: 5 }, false) },
    layer_configs: {},
    has_updates: true,
    hash_used: 'none',
    time: Date.now(),
  };
}

/** configcat-js GETs `<baseUrl>/configuration-files/<sdkKey>/config_v6.json`: the config JSON v6 (t: 0 boolean, 1 string, 2 int). */
const CONFIGCAT_CONFIG = {
  p: { u: 'https://cdn-global.configcat.com', r: 0, s: 'demo-shop-salt' },
  f: {
    'new-checkout': { t: 0, v: { b: false }, i: 'nc-off' },
    'hero-banner': { t: 1, v: { s: 'b' }, i: 'hb-b' },
    'max-items': { t: 2, v: { i: 5 }, i: 'mi-5' },
  },
};

export const VENDOR_API_ROUTES: DemoRoutes = {
  [`/sdk/api/posthog/array/${POSTHOG_TOKEN}/config`]: () => json(POSTHOG_CONFIG),
  '/sdk/api/posthog/flags/': () => json(POSTHOG_FLAGS),
  '/sdk/api/flagsmith/api/v1/flags/': () => json(FLAGSMITH_FLAGS),
  '/sdk/api/statsig/v1/initialize': () => json(statsigInitialize()),
  [`/sdk/api/configcat/configuration-files/${CONFIGCAT_SDK_KEY}/config_v6.json`]: () => json(CONFIGCAT_CONFIG),
};
