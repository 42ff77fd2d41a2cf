/** The keys the SDK demo apps give their SDKs; the stand-in APIs (vendor-apis.ts) answer for them alone. */

/** ConfigCat's SDK key format (`configcat-sdk-1/` and two 22-character parts): the SDK rejects other keys. */
export const CONFIGCAT_SDK_KEY = 'configcat-sdk-1/demo-shop-flagtab-0001/demo-shop-production-1';
export const POSTHOG_TOKEN = 'phc_demo_shop';
export const FLAGSMITH_ENVIRONMENT = 'demo-shop-environment';
export const STATSIG_CLIENT_KEY = 'client-demo-shop';
