/** What the background can learn about the browser it runs in. */
export interface BrowserFacts {
  userAgent: string;
  /** Chromium's User-Agent Client Hints: the full versions the reduced User-Agent string hides. */
  fullVersionList?: { brand: string; version: string }[];
  /** Firefox's runtime.getBrowserInfo(). */
  browserInfo?: { name: string; version: string };
}

/**
 * The browser and its full version for the evidence block, e.g. "Chrome 142.0.7444.59" or
 * "Firefox 140.5.0". Chromium's User-Agent string says "142.0.0.0" since its reduction, so the
 * client hints are preferred; a branded browser (Chrome, Edge) over the bare "Chromium".
 *
 * @example browserName({ userAgent: '… Firefox/140.0', browserInfo: { name: 'Firefox', version: '140.5.0' } }) // 'Firefox 140.5.0'
 */
export function browserName(facts: BrowserFacts): string {
  if (facts.browserInfo) return `${facts.browserInfo.name} ${facts.browserInfo.version}`;
  const brands = (facts.fullVersionList ?? []).filter((b) => !/not.?a.?brand/i.test(b.brand));
  const chosen = brands.find((b) => b.brand !== 'Chromium') ?? brands[0];
  if (chosen) return `${chosen.brand.replace(/^Google /, '')} ${chosen.version}`;
  const ua = facts.userAgent;
  // Edge's string also says Chrome: the more specific names are looked for first.
  for (const [token, name] of [['Edg', 'Edge'], ['Firefox', 'Firefox'], ['Chromium', 'Chromium'], ['Chrome', 'Chrome']] as const) {
    const version = new RegExp(`\\b${token}/([\\d.]+)`).exec(ua)?.[1];
    if (version) return `${name} ${version}`;
  }
  return ua.slice(0, 120) || 'unknown browser';
}

/** Reads BrowserFacts in an extension's background (service worker or event page). */
export async function readBrowserFacts(runtime: { getBrowserInfo?: () => Promise<{ name: string; version: string }> }): Promise<BrowserFacts> {
  const nav = globalThis.navigator as Navigator & { userAgentData?: { getHighEntropyValues(hints: string[]): Promise<{ fullVersionList?: { brand: string; version: string }[] }> } };
  const facts: BrowserFacts = { userAgent: nav.userAgent };
  try {
    if (runtime.getBrowserInfo) facts.browserInfo = await runtime.getBrowserInfo();
    else if (nav.userAgentData) facts.fullVersionList = (await nav.userAgentData.getHighEntropyValues(['fullVersionList'])).fullVersionList;
  } catch {
    // the User-Agent string is enough
  }
  return facts;
}
