/**
 * The declarativeNetRequest rule shapes Flagtab writes, as plain data, and the constants
 * that name our id range and priority. Structural types, so the planner stays pure and
 * works with Chrome's and Firefox's DNR alike.
 */

/** Session rule ids Flagtab allocates from. Tab ids (~2e9) are never used as rule ids. */
export const OVERRIDE_RULE_ID_MIN = 1_000;
export const OVERRIDE_RULE_ID_MAX = 999_999;
/** Chrome's declarativeNetRequest.MAX_NUMBER_OF_SESSION_RULES and MAX_NUMBER_OF_REGEX_RULES
 *  (the latter counts dynamic and session rules together; Flagtab has no dynamic rules).
 *  https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#property-MAX_NUMBER_OF_SESSION_RULES */
export const MAX_SESSION_RULES = 5_000;
export const MAX_REGEX_SESSION_RULES = 1_000;
/** Every header rule has this priority: they never overlap (each request matches at most one: a tab ×
 *  site has one header rule per host condition, and those conditions are disjoint). */
export const OVERRIDE_RULE_PRIORITY = 100;
/**
 * The query transport adds its parameters with a redirect rule, and an allow rule above it stops
 * that redirect on an address that already carries them. Why the allow rule: a redirect that
 * would lead to the URL the request already has is skipped, but Firefox (ESR 153, measured in
 * tests/firefox/transports.test.ts) then applies none of the request's modifyHeaders rules
 * either, whatever their priority: tab A's documents went out without their headers. An allow
 * rule cancels only the rules below it, so the header rules sit above both.
 */
export const QUERY_ALLOW_RULE_PRIORITY = OVERRIDE_RULE_PRIORITY - 1;
export const REDIRECT_RULE_PRIORITY = OVERRIDE_RULE_PRIORITY - 2;

/** Every kind of request a page makes, so navigation, XHR, iframes, sockets all carry overrides.
 *  An omitted resourceTypes would match everything *except* main_frame. */
export const CHROME_RESOURCE_TYPES = [
  'main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest',
  'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other',
] as const;
/** The page loads a query-parameter redirect applies to: the tab's own document, not its frames. */
export const PAGE_LOAD_RESOURCE_TYPES = ['main_frame'] as const;
export const FIREFOX_RESOURCE_TYPES = [
  'main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'object_subrequest',
  'xmlhttprequest', 'xslt', 'ping', 'beacon', 'xml_dtd', 'media', 'websocket', 'csp_report',
  'imageset', 'web_manifest', 'speculative', 'json', 'other',
] as const;

export interface HeaderModification {
  header: string;
  operation: 'set' | 'append' | 'remove';
  value?: string;
}

/** A query parameter a redirect adds to (or replaces in) the URL. */
export interface QueryParamModification {
  key: string;
  value: string;
}

/**
 * What a rule does: change the request's headers, or redirect the page load to the same URL
 * with the tab's query parameters (Chrome and Firefox skip a redirect to the URL the request
 * already has, so a URL that carries them is not redirected again).
 */
export type DnrAction =
  | { type: 'modifyHeaders'; requestHeaders?: HeaderModification[] }
  | { type: 'allow' }
  | { type: 'redirect'; redirect: { transform: { queryTransform: { addOrReplaceParams: QueryParamModification[] } } } };

export interface DnrRule {
  id: number;
  priority?: number;
  action: DnrAction;
  condition: {
    tabIds?: number[];
    requestDomains?: string[];
    regexFilter?: string;
    /** declarativeNetRequest's pattern: `*` any text, `^` a separator (not a letter, digit or `_-.%`) or the end. */
    urlFilter?: string;
    resourceTypes?: string[];
  };
}

export interface RuleDiff {
  removeRuleIds: number[];
  addRules: DnrRule[];
}

export function isOverrideRuleId(id: number): boolean {
  return id >= OVERRIDE_RULE_ID_MIN && id <= OVERRIDE_RULE_ID_MAX;
}
