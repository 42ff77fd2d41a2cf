import type { BrowserContext } from '@playwright/test';
import type { Site } from '../../../lib/config/schema';
import type { RequestOverrides } from '../../../lib/automation';

/**
 * The cookie transports (Flagtab's cookie, GrowthBook's _gbdebug, the Vercel overrides cookie)
 * append to the Cookie header, which a Playwright route cannot do: Chromium drops a Cookie
 * header set on an intercepted request and sends its cookie jar's. So these cookies go into the
 * context's jar instead — HttpOnly (the page's scripts do not see them, as they do not see the
 * extension's), for exactly the site's hosts (`*.example.com` is the domain cookie
 * `.example.com`, which covers what the pattern covers), and only this context's jar.
 */
export const isCookieChange = (change: { header: string }) => change.header.toLowerCase() === 'cookie';

const domainsOf = (site: Site) => site.hosts.map((pattern) => (pattern.startsWith('*.') ? `.${pattern.slice(2)}` : pattern));

/** Replaces the jar cookies a previous plan set with `plan`'s; returns what to clear next time. */
export async function syncCookies(context: BrowserContext, site: Site, plan: RequestOverrides, previous: readonly string[]): Promise<string[]> {
  const domains = domainsOf(site);
  for (const name of previous) for (const domain of domains) await context.clearCookies({ name, domain });
  const sample = `https://${domains[0]!.replace(/^\./, '')}/`;
  const pairs = (await plan.headersFor(sample)).filter(isCookieChange).flatMap((change) => {
    const at = (change.value ?? '').indexOf('=');
    return at > 0 && change.operation === 'append' ? [{ name: change.value!.slice(0, at), value: change.value!.slice(at + 1) }] : [];
  });
  if (pairs.length > 0) await context.addCookies(pairs.flatMap((pair) => domains.map((domain) => ({ ...pair, domain, path: '/', httpOnly: true }))));
  return pairs.map((pair) => pair.name);
}
