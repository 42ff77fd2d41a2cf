import { z } from 'zod';
import { JsonValueSchema, type JsonValue } from '../json';
import type { Flag } from '../catalogue/flag';
import type { Site } from '../config/schema';
import type { ProviderId } from '../config/catalogue-source';
import type { CachedFlagsRef } from '../catalogue/cache-keys';
import type { ConnectionDiagnosis } from '../providers/types';
import type { TabDetections } from '../detect/observation';

/**
 * Every message the extension's pages send to the background, in one place. The background
 * validates each message's data with these schemas before acting (see router.ts).
 */
const TabId = z.number().int().nonnegative();
const SiteId = z.string().min(1).max(64);
/** Flag keys may hold any character (the wire format encodes them); only the size is capped. */
const FlagKey = z.string().min(1).max(256);

export const RequestSchemas = {
  'popup/state': z.object({ tabId: TabId }),
  'overrides/set': z.object({ tabId: TabId, siteId: SiteId, key: FlagKey, value: JsonValueSchema }),
  'overrides/clear': z.object({ tabId: TabId, siteId: SiteId, key: FlagKey }),
  'overrides/reset': z.object({ tabId: TabId, siteId: SiteId.optional() }),
  'catalogue/refresh': z.object({ tabId: TabId, siteId: SiteId }),
  /** Outline (or stop outlining) the elements each flag controls on the tab's page. */
  'page/outline': z.object({ tabId: TabId, on: z.boolean() }),
  /** Reload the tab, so its page is served again with the overrides set since it loaded. */
  'tab/reload': z.object({ tabId: TabId }),
  /**
   * "Test connection" from the options page: a site as the form has it (not yet saved) and the
   * token typed into the form, or none to use the stored one. The token goes no further than
   * the background, which sends it to the provider's origin only.
   */
  'connection/test': z.object({ site: z.unknown(), token: z.string().max(4096).optional() }),
} as const;

export type MessageType = keyof typeof RequestSchemas;
export type RequestOf<T extends MessageType> = z.infer<(typeof RequestSchemas)[T]>;

export interface CatalogueView {
  provider: ProviderId;
  providerLabel: string;
  /** False for protocols that report evaluated values only (OFREP): the popup says so. */
  listsVariants: boolean;
  /** The provider environment the flags' on/off state is for. */
  environment?: string | undefined;
  /** Empty when `cachedFlags` is given: the popup reads them from storage.local itself. */
  flags: Flag[];
  cachedFlags?: CachedFlagsRef;
  /** True when these flags came from the cache and should be refreshed behind them. */
  needsRefresh: boolean;
  /** When the last good catalogue was fetched (epoch ms); undefined for a pasted file. */
  fetchedAt?: number;
  /** Why the last fetch or parse failed; the last good flags above stay usable. */
  error?: string;
  warnings: string[];
}

/** What the popup needs to draw one tab. */
export interface PopupState {
  tabId: number;
  /** The tab's URL when Flagtab may see it (a configured site, or the popup was clicked). */
  tabUrl?: string;
  /** The configured site this tab is on, if any. */
  site?: Pick<Site, 'id' | 'name' | 'hosts' | 'expiryMinutes'>;
  catalogue?: CatalogueView;
  overrides: Record<string, JsonValue>;
  /** When each override was set (epoch ms): a page loaded before then cannot show it yet. */
  overrideSetAt?: Record<string, number>;
  /** When this tab's overrides switch themselves off (epoch ms). */
  expiresAt?: number;
  /** What the page in this tab was seen to use, and how Flagtab looks (see lib/detect). */
  page?: PageView;
}

/** Which detection sources the site has switched on, and what they found so far. */
export interface PageView {
  detections?: TabDetections;
  /** The echo header's name, when the site reads one. */
  echoHeader?: string;
  markers: boolean;
  sdks: boolean;
}

/** What an override change answers: only what changed, not the whole catalogue again. */
export type OverridesView = Pick<PopupState, 'overrides' | 'overrideSetAt' | 'expiresAt'>;

export interface ResponseMap {
  'popup/state': PopupState;
  'overrides/set': OverridesView;
  'overrides/clear': OverridesView;
  'overrides/reset': OverridesView;
  'catalogue/refresh': PopupState;
  'page/outline': { on: boolean; applied: boolean };
  'tab/reload': { reloaded: true };
  'connection/test': ConnectionDiagnosis;
}

export interface Envelope<T extends MessageType = MessageType> {
  type: T;
  data: RequestOf<T>;
}

/** Replies carry errors as values: thrown errors lose their message across the message port. */
export type Reply<T> = { ok: true; result: T } | { ok: false; error: string };
