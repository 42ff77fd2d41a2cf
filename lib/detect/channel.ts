import type { JsonValue } from '../json';
import type { SdkSource } from './observation';

/**
 * The window messages between the page bridge (MAIN world, beside the page's SDKs) and the
 * content script (isolated world). The page can read and forge every one of them, so:
 * the content script treats what arrives as untrusted reports, and what it sends the bridge
 * (the tab's overrides) is no more than the site's servers receive anyway.
 */
export const BRIDGE_CHANNEL = 'flagtab:bridge';
export const CONTENT_CHANNEL = 'flagtab:content';

/** One flag evaluation an SDK made in the page. */
export interface BridgeEvaluation {
  key: string;
  source: SdkSource;
  /** Absent when the SDK returned nothing JSON can carry. */
  value?: JsonValue;
  /** The SDK's reason, variant or provider name, in a few words. */
  detail?: string;
  /** True when the value is Flagtab's override, applied inside the SDK. */
  forced?: boolean;
  /** `Date.now()` in the page when it was evaluated. */
  at: number;
}

/** Bridge → content script. */
export type BridgeMessage =
  /** The bridge started (it may start after the content script): send it the overrides again. */
  | { channel: typeof BRIDGE_CHANNEL; type: 'ready' }
  | { channel: typeof BRIDGE_CHANNEL; type: 'found'; sdk: SdkSource }
  | { channel: typeof BRIDGE_CHANNEL; type: 'evaluations'; items: BridgeEvaluation[] };

/** Content script → bridge. `force` false: watch only, leave the SDKs' values alone. */
export type ContentMessage = { channel: typeof CONTENT_CHANNEL; type: 'overrides'; overrides: Record<string, JsonValue>; force: boolean };
