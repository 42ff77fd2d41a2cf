import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { JsonValue } from '../../../lib/json';
import { BRIDGE_CHANNEL, CONTENT_CHANNEL, type BridgeEvaluation, type BridgeMessage } from '../../../lib/detect/channel';
import type { SdkSource } from '../../../lib/detect/observation';
import type { DemoResponse } from '../../../demo/routes';
import { SDK_ROUTES } from '../../../demo/sdk/routes';
import { browserScript } from '../../../demo/sdk/bundles';
import { ROOT } from '../../../demo/browser/build';
import { CHROMIUM_PATH } from '../../../demo/browser/extension';

/**
 * The page bridge in real Chromium without the extension: the bridge is built from
 * lib/detect/bridge and injected before page scripts (as the MAIN-world content script is), and
 * the test plays the content script — it collects the bridge's window messages and posts the
 * overrides.
 */

/** lib/detect/bridge as one classic script that starts the bridge. */
export function buildBridgeScript(): Promise<string> {
  return browserScript({ code: "import { startBridge } from './lib/detect/bridge';\nstartBridge(window);", resolveDir: ROOT });
}

export interface SdkServer {
  /** http://shop.localhost:PORT, as the demo shop is addressed. */
  siteOrigin: string;
  /** Paths requested since start, in order. */
  paths: string[];
  close(): Promise<void>;
}

/**
 * A server for the SDK demo routes alone (demo/sdk/routes.ts), answering like the demo shop
 * does for them, so this test does not depend on the rest of the shop.
 */
export async function startSdkServer(): Promise<SdkServer> {
  const paths: string[] = [];
  let siteOrigin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop.localhost');
    paths.push(url.pathname);
    const route = Object.hasOwn(SDK_ROUTES, url.pathname) ? SDK_ROUTES[url.pathname] : undefined;
    const answer: Promise<DemoResponse> = route
      ? Promise.resolve(route({ path: url.pathname, query: url.searchParams, flags: { effective: {}, overrides: {}, errors: [] }, siteOrigin }))
      : Promise.resolve({ status: 404, type: 'text/plain', body: 'not found' });
    answer.then(
      (a) => {
        res.writeHead(a.status, { 'Cache-Control': 'no-store', ...(a.type ? { 'Content-Type': a.type } : {}), ...a.headers });
        res.end(a.body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  siteOrigin = `http://shop.localhost:${(server.address() as AddressInfo).port}`;
  return {
    siteOrigin,
    paths,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

/** One tab with the bridge, as the test's stand-in for the content script sees it. */
export class BridgePage {
  readonly messages: BridgeMessage[] = [];
  /** Uncaught exceptions in the page. */
  readonly errors: Error[] = [];
  /** Every URL the tab requested. */
  readonly requests: string[] = [];

  private constructor(readonly page: Page) {}

  /**
   * A new tab that runs `bridge` before any page script and reports its messages here.
   * `pageStart` runs right after the bridge, as the first page script would.
   */
  static async open(context: BrowserContext, bridge: string, pageStart?: string): Promise<BridgePage> {
    const page = await context.newPage();
    const tab = new BridgePage(page);
    page.on('pageerror', (error) => tab.errors.push(error));
    page.on('request', (request) => tab.requests.push(request.url()));
    await page.exposeBinding('__flagtabTestReport', (_source, message: BridgeMessage) => void tab.messages.push(message));
    await page.addInitScript((channel) => {
      window.addEventListener('message', (event) => {
        const data = event.data as { channel?: string } | null;
        if (event.source === window && data?.channel === channel) void (window as unknown as { __flagtabTestReport(m: unknown): Promise<void> }).__flagtabTestReport(data);
      });
    }, BRIDGE_CHANNEL);
    await page.addInitScript({ content: bridge });
    if (pageStart) await page.addInitScript({ content: pageStart });
    return tab;
  }

  /** Navigates and waits until the app has rendered its flags once. */
  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('#sdk-status').filter({ hasText: /^ready$/ }).waitFor({ timeout: 20_000 });
  }

  /** What the page shows for `key`: the SDK's answer, as the app rendered it. */
  async shown(key: string): Promise<JsonValue> {
    return JSON.parse((await this.page.locator(`#sdk-${key}`).textContent()) ?? 'null') as JsonValue;
  }

  async renders(): Promise<number> {
    return Number(await this.page.locator('#sdk-renders').textContent());
  }

  /** The latest evaluation reported for each key of `source`. */
  evaluations(source: SdkSource): Record<string, BridgeEvaluation> {
    const latest: Record<string, BridgeEvaluation> = {};
    for (const m of this.messages) if (m.type === 'evaluations') for (const item of m.items) if (item.source === source) latest[item.key] = item;
    return latest;
  }

  found(): SdkSource[] {
    return this.messages.flatMap((m) => (m.type === 'found' ? [m.sdk] : []));
  }

  /** Posts the tab's overrides as the content script does. */
  async pushOverrides(overrides: Record<string, JsonValue>, force: boolean): Promise<void> {
    // As JSON text: Playwright's argument types recurse too deep on JsonValue.
    await this.page.evaluate((message) => window.postMessage(JSON.parse(message), '*'), JSON.stringify({ channel: CONTENT_CHANNEL, type: 'overrides', overrides, force }));
  }
}
