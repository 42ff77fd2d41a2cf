import type { Browser } from 'webextension-polyfill';
import type { DnrRule, RuleDiff } from './rules';
import { hostsRefusal, type RegexSupport } from './hosts';

/** The session-rule calls the override engine makes, as plain data. */
export interface SessionRules {
  getSessionRules(): Promise<DnrRule[]>;
  updateSessionRules(diff: RuleDiff): Promise<void>;
}

/**
 * The browser's declarativeNetRequest as the engine and the options page's host check use it.
 * The polyfill's types are Chrome's and Firefox's union; the rules Flagtab writes are the plain
 * shapes of rules.ts, which both accept.
 */
export function createDnrAdapter(dnr: Browser['declarativeNetRequest']) {
  const rules: SessionRules = {
    getSessionRules: () => dnr.getSessionRules() as Promise<DnrRule[]>,
    updateSessionRules: (diff) => dnr.updateSessionRules(diff as Parameters<typeof dnr.updateSessionRules>[0]),
  };
  return {
    rules,
    /**
     * Why the browser would refuse a site's hosts, or undefined when it takes them. Firefox
     * before 113 has no isRegexSupported: then nothing can be checked before Save.
     */
    hostsRefusal(hosts: readonly string[]): Promise<string | undefined> {
      const ask = dnr.isRegexSupported as RegexSupport | undefined;
      return hostsRefusal(hosts, ask?.bind(dnr));
    },
  };
}
