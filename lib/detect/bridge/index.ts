import type { JsonValue } from '../../json';
import { BRIDGE_CHANNEL, type BridgeMessage } from '../channel';
import type { SdkSource } from '../observation';
import { createBatcher } from './batch';
import { guard, isObj, read, trapGlobal } from './capture';
import { attachConfigCat, CONFIGCAT_GLOBAL } from './configcat';
import { attachFlagsmith } from './flagsmith';
import { attachGrowthBook } from './growthbook';
import { attachLaunchDarkly } from './launchdarkly';
import { changedKeys, plainJson, readOverridesMessage } from './messages';
import { attachOpenFeature, OPENFEATURE_API_KEY } from './openfeature';
import { attachPostHog } from './posthog';
import type { SdkAdapter, SdkContext } from './sdk';
import { attachStatsig, STATSIG_GLOBAL } from './statsig';
import { attachUnleash } from './unleash';

/** Where each SDK keeps (or the page puts) the object the bridge hooks. */
const SDKS: readonly { source: SdkSource; globals: readonly PropertyKey[]; attach: SdkAdapter }[] = [
  { source: 'openfeature', globals: [OPENFEATURE_API_KEY], attach: attachOpenFeature },
  { source: 'growthbook', globals: ['_growthbook'], attach: attachGrowthBook },
  { source: 'unleash', globals: ['unleash', 'unleashClient'], attach: attachUnleash },
  { source: 'launchdarkly', globals: ['ldClient'], attach: attachLaunchDarkly },
  { source: 'posthog', globals: ['posthog'], attach: attachPostHog },
  { source: 'flagsmith', globals: ['flagsmith'], attach: attachFlagsmith },
  { source: 'statsig', globals: [STATSIG_GLOBAL], attach: attachStatsig },
  { source: 'configcat', globals: [CONFIGCAT_GLOBAL], attach: attachConfigCat },
];

type PageWindow = Window & typeof globalThis;

/**
 * The page bridge: runs at document_start in the page's own JS world, before any page script,
 * and never throws into the page.
 *
 * It watches the globals where the page's flag SDKs live (see SDKS), hooks each SDK it finds
 * (`found`), posts the evaluations they make to Flagtab's content script in batches
 * (`evaluations`), and, when the content script says `force`, makes the SDKs answer overridden
 * flags with the tab's overrides and tells the app to re-render through the SDK's own change
 * event. See lib/detect/channel.ts for the messages.
 *
 * @example startBridge(window) // entrypoints/bridge.content.ts
 */
export function startBridge(win: PageWindow): void {
  guard(() => run(win), undefined);
}

function run(win: PageWindow): void {
  // Taken now, before page scripts run and can replace them.
  const postMessage = win.postMessage.bind(win);
  const setTimeout = win.setTimeout.bind(win);
  const addEventListener = win.addEventListener.bind(win);
  const now = Date.now;
  const reportError = typeof win.reportError === 'function' ? win.reportError.bind(win) : undefined;

  const post = (message: BridgeMessage) => guard(() => postMessage(message, '*'), undefined);
  const batcher = createBatcher({ post: (items) => post({ channel: BRIDGE_CHANNEL, type: 'evaluations', items }), schedule: setTimeout, now });

  let overrides = new Map<string, JsonValue>();
  let force = false;
  const forcedNow = () => (force ? overrides : new Map<string, JsonValue>());
  const listeners: ((keys: string[]) => void)[] = [];

  const contextFor = (source: SdkSource): SdkContext => ({
    report: (seen) => guard(() => batcher.add(source, seen), undefined),
    forced(key) {
      const value = force && typeof key === 'string' ? overrides.get(key) : undefined;
      // A fresh copy each time: the app may mutate what its SDK returns.
      return value === undefined ? undefined : { value: plainJson(value) ?? value };
    },
    forcedAll: () => new Map([...forcedNow()].map(([key, value]) => [key, plainJson(value) ?? value])),
    onForcedChange: (listener) => void listeners.push(listener),
    pageError: (error) => reportError && guard(() => reportError(error), undefined),
  });

  const found = new Set<SdkSource>();
  const seen = new WeakSet<object>();
  const attach = (sdk: (typeof SDKS)[number], value: unknown) => {
    if (!isObj(value) || seen.has(value)) return;
    seen.add(value); // before attaching: a half-hooked object must not be hooked twice
    if (!guard(() => sdk.attach(value, contextFor(sdk.source)), false)) return;
    found.add(sdk.source);
    post({ channel: BRIDGE_CHANNEL, type: 'found', sdk: sdk.source });
  };
  const lookEverywhere = () => SDKS.forEach((sdk) => sdk.globals.forEach((key) => attach(sdk, read(win, key))));

  for (const sdk of SDKS) for (const key of sdk.globals) trapGlobal(win, key, (value) => attach(sdk, value));
  // The page may delete or redefine a watched global; look again at the moments SDKs announce
  // themselves: GrowthBook's `gbloaded` (dispatched on document with enableDevMode) and page load.
  guard(() => win.document.addEventListener('gbloaded', lookEverywhere), undefined);
  addEventListener('DOMContentLoaded', lookEverywhere);
  addEventListener('load', lookEverywhere);

  addEventListener(
    'message',
    (event) =>
      guard(() => {
        if (event.source !== win) return;
        const update = readOverridesMessage(event.data);
        if (!update) return;
        const before = forcedNow();
        overrides = update.overrides;
        force = update.force;
        const keys = changedKeys(before, forcedNow());
        if (keys.length > 0) for (const listener of listeners) guard(() => listener(keys), undefined);
        // The content script may have started after the SDKs were found: tell it again.
        for (const source of found) post({ channel: BRIDGE_CHANNEL, type: 'found', sdk: source });
      }, undefined),
    // Capture: runs before any listener the page adds later, whatever it does to the event.
    { capture: true },
  );

  post({ channel: BRIDGE_CHANNEL, type: 'ready' });
}
