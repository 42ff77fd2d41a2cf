import type { ExtensionBrowser } from '../demo/browser/extension';
import { tabIdOf } from '../demo/browser/extension';
import type { SiteInput } from '../lib/config/schema';
import { storeTransportSecret } from '../demo/browser/flagtab';
import { EMPTY_PAGE } from './open';
import { rounds, type Plan } from './speed';

/**
 * One site per transport, each on its own host and with only that transport on (the header
 * case is the baseline), so a round measures what one transport adds to a change.
 */
export interface TransportCase {
  id: string;
  transports: NonNullable<SiteInput['transports']>;
  /** A transport secret to store for the site before measuring (the Vercel cookie's key). */
  secret?: { transport: string; value: string };
}

const OFF = { header: { enabled: false, name: 'X-Feature-Flags' }, cookie: { enabled: false, name: 'flagtab' } };

export const TRANSPORT_CASES: TransportCase[] = [
  { id: 'header', transports: { ...OFF, header: { enabled: true, name: 'X-Feature-Flags' } } },
  { id: 'cookie', transports: { ...OFF, cookie: { enabled: true, name: 'flagtab' } } },
  { id: 'query', transports: { ...OFF, query: { enabled: true, name: 'flags', encoding: 'wire' } } },
  { id: 'marker', transports: { ...OFF, header: { enabled: true, name: 'X-Feature-Flags' }, marker: { enabled: true, name: 'X-Test-Traffic', value: 'flagtab' } } },
  { id: 'growthbook', transports: { ...OFF, growthbook: { enabled: true, name: '_gbdebug', via: 'cookie' } } },
  { id: 'eppo', transports: { ...OFF, eppo: { enabled: true, name: 'x-eppo-overrides' } }, secret: { transport: 'eppo', value: 'bench-eppo-browser-extension-key' } },
  // A fixed FLAGS_SECRET made for the bench (32 bytes of base64url); it guards nothing.
  { id: 'vercel', transports: { ...OFF, vercel: { enabled: true, name: 'vercel-flag-overrides' } }, secret: { transport: 'vercel', value: 'YmVuY2gtb25seS1mbGFncy1zZWNyZXQtMzItYnl0ZXM' } },
];

export const transportHost = (id: string) => `t-${id}.localhost`;
export const transportSiteId = (id: string) => `bench-transport-${id}`;

/** Stores each case's transport secret for its site, as the options page does at Save. */
export async function storeTransportSecrets(ext: ExtensionBrowser, cases: readonly TransportCase[]): Promise<void> {
  for (const c of cases) if (c.secret) await storeTransportSecret(ext, transportSiteId(c.id), c.secret.transport, c.secret.value, [transportHost(c.id)]);
}

/** The bench sites for the cases, on `origin`'s server (every *.localhost name reaches it). */
export function transportSites(cases: readonly TransportCase[], catalogueUrl: string): SiteInput[] {
  return cases.map((c) => ({
    id: transportSiteId(c.id),
    name: `Bench transport: ${c.id}`,
    hosts: [transportHost(c.id)],
    catalogue: { provider: 'flags-file', url: catalogueUrl },
    transports: c.transports,
  }));
}

/**
 * Runs in an extension page: the message a switch click sends ('overrides/set'), timed until
 * the background answers, which it does once the tab's rules are installed.
 */
const SET_TO_ANSWER = `(async (message) => {
  const started = performance.now();
  const reply = await chrome.runtime.sendMessage(message);
  const ms = performance.now() - started;
  if (!reply || reply.ok === false) throw new Error('the worker answered ' + JSON.stringify(reply));
  return ms;
})`;

/**
 * Measurement 11: a change (one boolean flipped) until its rules are installed, per transport,
 * rounds rotating between the transports; ratios ÷ the header transport of the same rounds.
 */
export async function measureTransports(
  ext: ExtensionBrowser, port: number, cases: readonly TransportCase[], key: string, plan: Plan,
): Promise<Record<string, number[]>> {
  const page = await ext.context.newPage();
  const tabs: Record<string, number> = {};
  try {
    for (const c of cases) {
      const tab = await ext.context.newPage();
      await tab.goto(`http://${transportHost(c.id)}:${port}/`);
      tabs[c.id] = await tabIdOf(ext, tab);
    }
    await page.goto(`chrome-extension://${ext.extensionId}/${EMPTY_PAGE}`);
    let round = 0;
    const steps = Object.fromEntries(cases.map((c) => [c.id, () => {
      const value = round++ % 2 === 0;
      const message = { type: 'overrides/set', data: { tabId: tabs[c.id], siteId: `bench-transport-${c.id}`, key, value } };
      return page.evaluate(`${SET_TO_ANSWER}(${JSON.stringify(message)})`) as Promise<number>;
    }]));
    const samples = await rounds(plan, steps, true);
    // Every case must have sent something: a transport without its secret would time an empty change.
    const ruled = await page.evaluate(async () => (await chrome.declarativeNetRequest.getSessionRules()).flatMap((r) => r.condition.tabIds ?? []));
    const silent = cases.filter((c) => !ruled.includes(tabs[c.id]!));
    if (silent.length) throw new Error(`no rule for the ${silent.map((c) => c.id).join(', ')} transport's tab: the measurement timed changes that sent nothing`);
    return samples;
  } finally {
    await page.close();
  }
}
