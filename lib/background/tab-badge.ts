import { BADGE_COLOURS } from '../overrides/badge';
import type { LoadWarning } from '../overrides/documents';
import type { TabSiteState } from '../overrides/state';
import { SHARE_BADGE, SHARE_TITLE } from './share';

/** The three toolbar-button calls a badge takes (browser.action, or chrome.action). */
export interface ActionApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

export interface TabBadgeDeps {
  action: ActionApi;
  /** How the tab's current page loaded, given its overrides per site (a warning when it went without them). */
  currentLoad(tabId: number, tabSites: Record<string, TabSiteState> | undefined): Promise<LoadWarning | undefined>;
  /** Whether a share link waits for Apply or Dismiss in the tab. */
  offered(tabId: number): Promise<boolean>;
}

/**
 * The engine's `setBadge`: the count of the tab's overrides, "!" when its page loaded without
 * them, "link" while a share link waits and nothing else is said; with the title to match.
 *
 * @example createTabBadge({ action: browser.action, currentLoad, offered })(tabId, '2', tabSites)
 */
export function createTabBadge(deps: TabBadgeDeps) {
  return async (tabId: number, text: string, tabSites?: Record<string, TabSiteState>, cleared = false): Promise<void> => {
    const warning = text ? await deps.currentLoad(tabId, tabSites) : undefined;
    // A share link waiting for an answer: said on the badge only while nothing else is.
    const offered = !warning && (await deps.offered(tabId));
    // A new document put the badge and title back to the manifest's (empty, "Flagtab"), which is
    // what a tab with nothing to say shows: three calls a page load saved.
    if (cleared && !text && !offered) return;
    await deps.action.setBadgeText({ tabId, text: warning ? '!' : text || (offered ? SHARE_BADGE : '') });
    await deps.action.setBadgeBackgroundColor({ tabId, color: warning ? BADGE_COLOURS.warning : BADGE_COLOURS.overrides });
    await deps.action.setTitle({ tabId, title: warning ? `Flagtab: ${warning.message}` : offered ? SHARE_TITLE : 'Flagtab' });
  };
}
