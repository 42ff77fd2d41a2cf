import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { encodeOverrides, readOverridesFromRequest } from '../lib/wire';
import { DEFAULT_ECHO_HEADER } from '../lib/config/schema';
import { APP_JS, PIXEL_GIF, TRACKER_JS } from './assets';
import { defaultValues, effectiveFlags, loadFlagsFile } from './flags';
import { cdnPage, checkoutPage, framePage, homePage, notFoundPage, type RequestFlags } from './pages';
import { createRequestLog, type RecordedRequest, type RequestPredicate } from './recorder';
import { HTML, JS, JSON_TYPE, type DemoResponse, type DemoRoutes } from './routes';
import { SDK_ROUTES } from './sdk/routes';
import { MARKER_ROUTES } from './markers/routes';
import { answerUpgrade, LIVE_ROUTES } from './live';
import { PWA_ROUTES } from './pwa';
import { CHILDREN_ROUTES } from './children/routes';
import { createVerifier, statusHeaders, summarise } from './verify';
import type { RequestDecision } from '../lib/wire/v2';

/**
 * Pages under this prefix come from an app that ignores overrides: the request still carries
 * them (and the log records them), but the page is rendered, marked and echoed with defaults.
 */
export const IGNORING_PREFIX = '/ignores-overrides';
const EXTRA_ROUTES: DemoRoutes = { ...SDK_ROUTES, ...MARKER_ROUTES, ...LIVE_ROUTES, ...PWA_ROUTES, ...CHILDREN_ROUTES };

export type { RecordedRequest } from './recorder';

export interface DemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to bind; 127.0.0.1 by default, which is where browsers send *.localhost. */
  host?: string;
  /** Called after each request is recorded, e.g. to log it (demo/cli.ts). */
  onRequest?: (r: RecordedRequest) => void;
  /**
   * Authorized keys (lines or a JWK set, docs/wire-format-v2.md): the shop then honours only
   * overrides signed by one of them for its host (X-Feature-Flags-V2), ignores unsigned ones and
   * answers X-Feature-Flags-Status. Without them, the v1 shop: it honours X-Feature-Flags.
   */
  authorizedKeys?: string;
}

export interface DemoServer {
  port: number;
  /** http://shop.localhost:PORT — the site under test. */
  siteOrigin: string;
  /** http://cdn.localhost:PORT — a third-party host the shop loads from. */
  thirdPartyOrigin: string;
  /** Every request to either host since start or the last clearRequests(), oldest first. */
  requests: RecordedRequest[];
  clearRequests(): void;
  /** The first matching request already recorded, else the next to arrive; rejects on timeout (10 s default). */
  waitForRequest(predicate: RequestPredicate, timeoutMs?: number): Promise<RecordedRequest>;
  /** Switches to strict signed mode with these authorized keys (see `authorizedKeys`). */
  authorize(authorizedKeys: string): Promise<void>;
  close(): Promise<void>;
}

const CDN_HOST = 'cdn.localhost';

/**
 * Starts the demo shop. One server answers for two hosts, told apart by the Host header:
 * browsers resolve every *.localhost name to loopback themselves
 * (https://www.rfc-editor.org/rfc/rfc6761#section-6.3), so shop.localhost and cdn.localhost are
 * different sites to the browser but the same socket here. Any other host gets the shop.
 *
 * @example
 * const demo = await startDemoServer();
 * await page.goto(demo.siteOrigin);
 * const doc = await demo.waitForRequest((r) => r.host === 'shop.localhost' && r.path === '/');
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const flagsFile = loadFlagsFile();
  const defaults = defaultValues(flagsFile.file);
  const log = createRequestLog();
  let port = 0;
  const verifier = createVerifier();
  if (options.authorizedKeys !== undefined) await verifier.authorize(options.authorizedKeys);

  const server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const decision = await verifier.decide(req.headers, hostWithoutPort(req.headers.host ?? ''));
      const recorded = record(req, decision);
      log.record(recorded);
      options.onRequest?.(recorded);
      req.resume(); // no route reads a body; drain it so the connection can be reused
      const url = new URL(recorded.path, 'http://shop.localhost');
      const ignoring = url.pathname.startsWith(IGNORING_PREFIX);
      const path = ignoring ? url.pathname.slice(IGNORING_PREFIX.length) || '/' : url.pathname;
      // Verifying, only what a listed key signed counts; else the v1 values as sent.
      const honoured = ignoring ? {} : decision ? decision.values : recorded.overrides;
      const flags: RequestFlags = {
        effective: effectiveFlags(defaults, honoured),
        overrides: honoured,
        errors: recorded.decodeErrors,
      };
      if (recorded.host === CDN_HOST) serveCdn(req, path, res);
      else await serveShop(path, url.searchParams, flags, res, statusHeaders(decision));
    } catch (error) {
      fail(res, error);
    }
  }

  // Websocket handshakes are recorded like any request (the live page's socket, demo/live.ts).
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const recorded = record(req);
    log.record(recorded);
    options.onRequest?.(recorded);
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    answerUpgrade(req, socket, recorded);
  });

  function fail(res: ServerResponse, error: unknown): void {
    console.error('demo server: request failed', error);
    if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Demo server error; see its console.');
    else res.end();
  }

  async function serveShop(path: string, query: URLSearchParams, flags: RequestFlags, res: ServerResponse, status: Record<string, string>): Promise<void> {
    const cdnOrigin = `http://${CDN_HOST}:${port}`;
    const api = () => JSON.stringify({ flags: flags.effective, overrides: flags.overrides, errors: flags.errors });
    // The shop tells Flagtab which values it used, in the wire format (docs/detection.md).
    const echo = { [DEFAULT_ECHO_HEADER]: encodeOverrides(flags.effective), ...status };
    const extra = Object.hasOwn(EXTRA_ROUTES, path) ? EXTRA_ROUTES[path] : undefined;
    if (extra) {
      const answer: DemoResponse = await extra({ path, query, flags, siteOrigin: `http://shop.localhost:${port}` });
      return send(res, answer.status, answer.type, answer.body, { ...echo, ...answer.headers });
    }
    switch (path) {
      case '/': return send(res, 200, HTML, homePage(flags, cdnOrigin), echo);
      case '/checkout': return send(res, 200, HTML, checkoutPage(flags), echo);
      case '/frame': return send(res, 200, HTML, framePage(flags), echo);
      case '/api/features':
      case '/api/xhr': return send(res, 200, JSON_TYPE, api(), echo);
      case '/app.js': return send(res, 200, JS, APP_JS);
      case '/flags.json': return send(res, 200, JSON_TYPE, flagsFile.text);
      case '/favicon.ico': return send(res, 204);
      default: return send(res, 404, HTML, notFoundPage(path));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    siteOrigin: `http://shop.localhost:${port}`,
    thirdPartyOrigin: `http://${CDN_HOST}:${port}`,
    requests: log.requests,
    clearRequests: log.clear,
    waitForRequest: log.waitFor,
    authorize: (text) => verifier.authorize(text),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
      }),
  };
}

/** The third-party host: a script, a pixel and a beacon endpoint, all CORS-open like real CDNs. */
function serveCdn(req: IncomingMessage, path: string, res: ServerResponse): void {
  const cors = { 'Access-Control-Allow-Origin': '*' };
  if (req.method === 'OPTIONS') {
    return send(res, 204, undefined, undefined, { ...cors, 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST' });
  }
  // Chromium does not commit a navigation answered with 204 (the tab stays where it was and
  // Playwright's goto fails with net::ERR_ABORTED), so a tab opened on the cdn gets a page.
  // https://fetch.spec.whatwg.org/#statuses ("null body status"); Sec-Fetch-Mode: https://w3c.github.io/webappsec-fetch-metadata/
  if (req.headers['sec-fetch-mode'] === 'navigate' && (path === '/' || path === '/collect')) {
    return send(res, 200, HTML, cdnPage(path), cors);
  }
  switch (path) {
    case '/tracker.js': return send(res, 200, JS, TRACKER_JS, cors);
    case '/pixel.gif': return send(res, 200, 'image/gif', PIXEL_GIF, cors);
    case '/collect': return send(res, 204, undefined, undefined, cors);
    case '/favicon.ico': return send(res, 204);
    default: return send(res, 404, 'text/plain; charset=utf-8', `cdn.localhost has nothing at ${path}`, cors);
  }
}

function record(req: IncomingMessage, decision?: RequestDecision): RecordedRequest {
  const decoded = readOverridesFromRequest(req.headers);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    host: hostWithoutPort(req.headers.host ?? ''),
    path: req.url ?? '/',
    method: req.method ?? 'GET',
    headers,
    overrides: decoded.values,
    ...(decoded.header?.ok ? { headerOverrides: decoded.header.values } : {}),
    ...(decoded.cookie?.ok ? { cookieOverrides: decoded.cookie.values } : {}),
    decodeErrors: decoded.errors,
    ...(decision ? { signed: summarise(decision) } : {}),
    at: Date.now(),
  };
}

/** @example hostWithoutPort('Shop.localhost:5177') === 'shop.localhost'; hostWithoutPort('[::1]:80') === '[::1]' */
export function hostWithoutPort(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1) || lower;
  return lower.replace(/:\d*$/, '');
}


// no-store everywhere: a cached script or pixel would skip the request the e2e tests wait for.
function send(res: ServerResponse, status: number, type?: string, body?: string | Buffer, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'Cache-Control': 'no-store',
    ...(type ? { 'Content-Type': type } : {}),
    ...headers,
  });
  res.end(body);
}
