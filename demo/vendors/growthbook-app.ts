/**
 * A real Express app that runs GrowthBook server-side as GrowthBook documents for its DevTools:
 * one GrowthBookClient with a local payload, a user-scoped instance per request with
 * `enableDevMode: true` and `devtoolsExpressPlugin({ request: req })`, and cookie-parser in front.
 * It answers on every `*.localhost` name (browsers resolve them to loopback), so one server
 * plays the site (`growthbook.localhost`) and a host outside it (`other.localhost`).
 *
 * Run it alone: `npx tsx demo/vendors/growthbook-app.ts` (prints its address).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import cookieParser from 'cookie-parser';
import { GrowthBookClient, type FeatureResultSource } from '@growthbook/growthbook';
import { devtoolsExpressPlugin } from '@growthbook/growthbook/plugins';

/** The features as GrowthBook's API would serve them (a local payload: no network). */
export const GROWTHBOOK_PAYLOAD = {
  features: {
    'new-checkout': { defaultValue: false },
    'hero-banner': { defaultValue: 'a' },
    'max-items': { defaultValue: 3 },
  },
};
export const GROWTHBOOK_FEATURES = Object.keys(GROWTHBOOK_PAYLOAD.features);

/** The flags file a Flagtab site uses for this app (flagd's format, as the catalogue reads it). */
export const GROWTHBOOK_CATALOGUE = JSON.stringify({
  flags: {
    'new-checkout': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
    // "spaced" has the characters a query string treats specially: space, "+" and "&".
    'hero-banner': { state: 'ENABLED', variants: { a: 'a', b: 'b', c: 'c', spaced: 'b c+d&e' }, defaultVariant: 'a' },
    'max-items': { state: 'ENABLED', variants: { three: 3, ten: 10 }, defaultVariant: 'three' },
  },
});

/** One request the app answered, and what GrowthBook decided for it (pages only). */
export interface GrowthBookRequest {
  host: string;
  /** The path and query, as sent. */
  url: string;
  cookie?: string;
  /** `req.query._gbdebug` and `req.cookies._gbdebug` as Express and cookie-parser read them. */
  query?: unknown;
  cookieValue?: unknown;
  /** For pages: each feature's value and GrowthBook's source ("override" when forced). */
  features?: Record<string, { value: unknown; source: FeatureResultSource }>;
}

export interface GrowthBookApp {
  /** `http://growthbook.localhost:PORT` */
  url: string;
  port: number;
  requests: GrowthBookRequest[];
  close(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: each feature's value and source, a same-host image, a third-party image, two links. */
function page(host: string, port: number, features: NonNullable<GrowthBookRequest['features']>): string {
  const rows = Object.entries(features)
    .map(([key, { value, source }]) => `<li><code>${escapeHtml(key)}</code> <output id="${escapeHtml(key)}" data-source="${escapeHtml(source)}">${escapeHtml(JSON.stringify(value))}</output></li>`)
    .join('');
  return `<!doctype html><meta charset="utf-8"><title>GrowthBook app · ${escapeHtml(host)}</title>
<h1>GrowthBook app</h1><ul>${rows}</ul>
<img id="own" src="/pixel.gif" alt=""><img id="third" src="http://other.localhost:${port}/pixel.gif?third" alt="">
<p><a id="next" href="/next">Next page</a> · <a id="other" href="http://other.localhost:${port}/">Another host</a></p>`;
}

/**
 * GrowthBook types the request's query as `Record<string, string>`; Express's may hold arrays or
 * objects. The plugin reads `_gbdebug` only when it is a string (plugins/devtools.js), so the
 * request passes as it is.
 */
const asPluginRequest = (req: Request) => req as unknown as Parameters<typeof devtoolsExpressPlugin>[0]['request'];

/**
 * Starts the app on 127.0.0.1 (port 0: any free one).
 *
 * @example
 * const app = await startGrowthBookApp();
 * await page.goto(app.url); // #new-checkout shows false, or what _gbdebug forces
 * await app.close();
 */
export async function startGrowthBookApp(options: { port?: number } = {}): Promise<GrowthBookApp> {
  const client = new GrowthBookClient().initSync({ payload: GROWTHBOOK_PAYLOAD });
  const requests: GrowthBookRequest[] = [];
  const app = express();
  app.use(cookieParser());
  let port = 0;

  app.use((req, res, next) => {
    const seen: GrowthBookRequest = {
      host: req.headers.host ?? '', url: req.originalUrl, cookie: req.headers.cookie,
      query: req.query._gbdebug, cookieValue: (req.cookies as Record<string, unknown>)._gbdebug,
    };
    requests.push(seen);
    res.locals.seen = seen;
    // Every answer fresh: each page load shows what GrowthBook decided for that request.
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.get('/pixel.gif', (_req, res) => void res.type('gif').send(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64')));
  app.use((req: Request, res) => {
    // GrowthBook's documented server-side dev mode: the user-scoped instance reads _gbdebug.
    const gb = client.createScopedInstance({ attributes: { id: 'demo-user' }, enableDevMode: true }, [devtoolsExpressPlugin({ request: asPluginRequest(req) })]);
    const features = Object.fromEntries(GROWTHBOOK_FEATURES.map((key) => {
      const result = gb.evalFeature(key);
      return [key, { value: result.value, source: result.source }];
    }));
    (res.locals.seen as GrowthBookRequest).features = features;
    res.type('html').send(page(req.hostname, port, features));
  });

  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://growthbook.localhost:${port}`,
    port,
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = await startGrowthBookApp({ port: Number(process.env.PORT ?? 5180) });
  console.log(`GrowthBook app on ${app.url}/ (also other.localhost); try ${app.url}/?_gbdebug=${encodeURIComponent('{"features":{"new-checkout":true}}')}`);
}
