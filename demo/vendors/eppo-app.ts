/**
 * A demo app that reads Flagtab's Eppo transport with Eppo's real server SDK
 * (@eppo/node-server-sdk), the way Eppo documents it for a web server:
 *
 *   const overrides = await client.parseOverrides(req.get('x-eppo-overrides'));
 *   client.withOverrides(overrides).getStringAssignment(flag, subject, {}, fallback);
 *
 * No network exists here, so "Eppo" is a local server (`startEppoCloud`) that answers the two
 * requests the SDK makes: the flag configuration (UFC, at the SDK's `baseUrl`) and the
 * browser-extension key check, whose URL the SDK hard-codes (`routeEppoKeyCheck`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { init, type IAssignmentEvent } from '@eppo/node-server-sdk';

/** Where the SDK checks a browser-extension key (override-validator.ts, KEY_VALIDATION_URL). */
export const EPPO_KEY_CHECK_URL = 'https://eppo.cloud/api/flag-overrides/v1/validate-key';
/** Where the SDK fetches the flag configuration, under its `baseUrl` (constants.ts, UFC_ENDPOINT). */
const UFC_PATH = '/api/flag-config/v1/config';
const KEY_CHECK_PATH = new URL(EPPO_KEY_CHECK_URL).pathname;

export const EPPO_SDK_KEY = 'demo-eppo-sdk-key';

/**
 * The flag configuration in Eppo's Universal Flag Configuration format (the SDK's
 * IUniversalFlagConfigResponse; the shape of Eppo's sdk-test-data ufc/flags-v1.json): every
 * subject gets `classic` and `new-checkout` off. A split with no shards takes everyone.
 */
export function eppoFlagConfig() {
  const everyone = (key: string, variationKey: string) => ({ key, doLog: true, splits: [{ variationKey, shards: [] }] });
  return {
    createdAt: '2026-01-01T00:00:00.000Z',
    format: 'SERVER',
    environment: { name: 'Demo' },
    flags: {
      'checkout-theme': {
        key: 'checkout-theme', enabled: true, variationType: 'STRING', totalShards: 10000,
        variations: { classic: { key: 'classic', value: 'classic' }, modern: { key: 'modern', value: 'modern' } },
        allocations: [everyone('everyone-classic', 'classic')],
      },
      'new-checkout': {
        key: 'new-checkout', enabled: true, variationType: 'BOOLEAN', totalShards: 10000,
        variations: { on: { key: 'on', value: true }, off: { key: 'off', value: false } },
        allocations: [everyone('everyone-off', 'off')],
      },
    },
    banditReferences: {},
  };
}

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A local stand-in for Eppo's servers: the configuration for `EPPO_SDK_KEY` (401 for another
 * SDK key), and the key check, which answers 200 for the keys in `extensionKeys` and 401
 * otherwise (the SDK treats anything but 200 as "Unable to authorize key").
 */
export async function startEppoCloud(extensionKeys: readonly string[]) {
  const keyChecks: string[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://eppo.local');
    if (req.method === 'GET' && url.pathname === UFC_PATH) {
      if (url.searchParams.get('apiKey') !== EPPO_SDK_KEY) return void res.writeHead(401, 'Unauthorized').end();
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(eppoFlagConfig()));
    }
    if (req.method === 'POST' && url.pathname === KEY_CHECK_PATH) {
      const parsed: unknown = JSON.parse((await body(req)) || 'null');
      const key = typeof parsed === 'object' && parsed !== null && 'key' in parsed ? String(parsed.key) : '';
      keyChecks.push(key);
      return void res.writeHead(extensionKeys.includes(key) ? 200 : 401, extensionKeys.includes(key) ? 'OK' : 'Unauthorized').end();
    }
    res.writeHead(404).end();
  });
  const port = await listen(server);
  return { origin: `http://127.0.0.1:${port}`, keyChecks, close: () => closeServer(server) };
}

/**
 * Sends the SDK's key check to `cloudOrigin` instead of eppo.cloud. The SDK calls the global
 * `fetch` with a hard-coded URL (override-validator.ts, sendValidationRequest) and has no option
 * for it, so this process wraps `fetch` for exactly that URL; every other request goes out as it
 * was. Returns the function that puts the original back.
 */
export function routeEppoKeyCheck(cloudOrigin: string): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return url === EPPO_KEY_CHECK_URL ? original(`${cloudOrigin}${KEY_CHECK_PATH}`, init) : original(input, init);
  };
  return () => { globalThis.fetch = original; };
}

/** What the app saw and decided for one request. */
export interface EppoSeen {
  header?: string;
  theme: string;
  /** "none", "applied" or "refused: <the SDK's message>". */
  overrides: string;
}

/**
 * The app: Eppo's SDK initialised against `cloudOrigin`, and a page showing the assignment of
 * `checkout-theme` for the subject, with what became of the request's override header.
 */
export async function startEppoApp(cloudOrigin: string, header = 'x-eppo-overrides') {
  const assignments: IAssignmentEvent[] = [];
  const client = await init({
    apiKey: EPPO_SDK_KEY,
    baseUrl: `${cloudOrigin}/api`,
    assignmentLogger: { logAssignment: (event) => void assignments.push(event) },
  });
  const seen: EppoSeen[] = [];
  const app = express();
  app.get('/', async (req, res) => {
    const sent = req.get(header);
    let overrides = 'none';
    let eppo = client;
    try {
      const parsed = await client.parseOverrides(sent);
      if (parsed) overrides = 'applied';
      eppo = client.withOverrides(parsed);
    } catch (error) {
      // A bad key or a malformed header: the visitor gets the real assignment, and the page says why.
      overrides = `refused: ${error instanceof Error ? error.message : String(error)}`;
    }
    const subject = typeof req.query.user === 'string' ? req.query.user : 'visitor-1';
    const theme = eppo.getStringAssignment('checkout-theme', subject, {}, 'fallback');
    seen.push({ header: sent, theme, overrides });
    res.type('html').send(`<!doctype html><title>Eppo demo</title><p id="checkout-theme">${escapeHtml(theme)}</p><p id="eppo-overrides">${escapeHtml(overrides)}</p>`);
  });
  const server = createServer(app);
  const port = await listen(server);
  return {
    port, seen, assignments,
    async close() {
      client.stopPolling();
      await closeServer(server);
    },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The whole demo: local "Eppo", the key check routed to it, and the app. */
export async function startEppoDemo(extensionKeys: readonly string[]) {
  const cloud = await startEppoCloud(extensionKeys);
  const restore = routeEppoKeyCheck(cloud.origin);
  const app = await startEppoApp(cloud.origin);
  return {
    ...app, cloud,
    async close() {
      await app.close();
      restore();
      await cloud.close();
    },
  };
}
