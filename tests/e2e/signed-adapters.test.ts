/**
 * The popup's signed overrides, from the real extension in Chromium, reach each adapter of
 * @flagtab/server in a real server (Express, Fastify, Hono, and OpenFeature behind Express), and
 * are honoured in tab A only. Next.js has its own real-server test (tests/unit/server/next-server.test.ts).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import { AsyncLocalStorageTransactionContextPropagator, InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../demo/browser/extension';
import { PopupPage, configure, makeSigningKey } from '../../demo/browser/flagtab';
import { flagtab as expressFlagtab } from '../../packages/server/src/express';
import { flagtab as fastifyFlagtab, type RequestDecision } from '../../packages/server/src/fastify';
import { flagtab as honoFlagtab, type FlagtabVariables } from '../../packages/server/src/hono';
import { FLAGTAB_REASON, flagtabContext, withFlagtabOverrides } from '../../packages/server/src/openfeature';

const WHO = 'qa@demo.example';
const SITE = 'Adapter shops';
const ADAPTERS = ['express', 'fastify', 'hono', 'openfeature'] as const;
type Adapter = (typeof ADAPTERS)[number];
const hostOf = (adapter: Adapter) => `${adapter}.localhost`;

/** What each app saw: the request headers and the value of new-checkout it used, per request. */
interface Seen { headers: IncomingHttpHeaders; value: boolean; reason?: string }
const seen: Record<Adapter, Seen[]> = { express: [], fastify: [], hono: [], openfeature: [] };

/** The page every app answers with: the value of new-checkout it used. */
const page = (adapter: Adapter, value: boolean, reason = '') =>
  `<!doctype html><title>${adapter}</title><p id="new-checkout" data-reason="${reason}">${value}</p>`;

let ext: ExtensionBrowser;
const ports = {} as Record<Adapter, number>;
const closers: Array<() => Promise<unknown>> = [];

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const closeServer = (server: Server) => () => new Promise<void>((resolve) => server.close(() => resolve()));

async function startExpress(keys: string): Promise<number> {
  const app = express();
  app.use(expressFlagtab({ keys, hosts: [hostOf('express')] }));
  app.get('/', (req, res) => {
    const value = req.flagtab.values['new-checkout'] === true;
    seen.express.push({ headers: req.headers, value });
    res.type('html').send(page('express', value));
  });
  const server = createServer(app);
  closers.push(closeServer(server));
  return listen(server);
}

async function startFastify(keys: string): Promise<number> {
  const app: FastifyInstance = Fastify();
  await app.register(fastifyFlagtab, { keys, hosts: [hostOf('fastify')] });
  app.get('/', async (request, reply) => {
    const value = (request as unknown as { flagtab: RequestDecision }).flagtab.values['new-checkout'] === true;
    seen.fastify.push({ headers: request.headers, value });
    return reply.type('text/html').send(page('fastify', value));
  });
  closers.push(() => app.close());
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return Number(new URL(address).port);
}

/** Hono's fetch handler behind node:http (@hono/node-server is not installed), as tests/unit/server/hono.test.ts does. */
async function startHono(keys: string): Promise<number> {
  const app = new Hono<{ Variables: FlagtabVariables }>();
  app.use(honoFlagtab({ keys, hosts: [hostOf('hono')] }));
  app.get('/', (c) => {
    const value = c.get('flagtab').values['new-checkout'] === true;
    seen.hono.push({ headers: Object.fromEntries(c.req.raw.headers), value });
    return c.html(page('hono', value));
  });
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await app.fetch(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  closers.push(closeServer(server));
  return listen(server);
}

/** An Express route that asks OpenFeature (an InMemoryProvider, new-checkout off) through the Flagtab wrapper. */
async function startOpenFeature(keys: string): Promise<number> {
  OpenFeature.setTransactionContextPropagator(new AsyncLocalStorageTransactionContextPropagator());
  await OpenFeature.setProviderAndWait(withFlagtabOverrides(new InMemoryProvider({
    'new-checkout': { variants: { on: true, off: false }, defaultVariant: 'off', disabled: false },
  })));
  closers.push(() => OpenFeature.close());
  const client = OpenFeature.getClient();
  const app = express();
  app.use(expressFlagtab({ keys, hosts: [hostOf('openfeature')] }));
  app.use((req, _res, next) => OpenFeature.setTransactionContext(flagtabContext(req.flagtab), () => next()));
  app.get('/', async (req, res) => {
    const details = await client.getBooleanDetails('new-checkout', false);
    seen.openfeature.push({ headers: req.headers, value: details.value, reason: details.reason ?? '' });
    res.type('html').send(page('openfeature', details.value, details.reason));
  });
  const server = createServer(app);
  closers.push(closeServer(server));
  return listen(server);
}

const originOf = (adapter: Adapter) => `http://${hostOf(adapter)}:${ports[adapter]}`;

beforeAll(async () => {
  ext = await launchWithExtension();
  const catalogue = JSON.stringify([{ key: 'new-checkout', type: 'boolean', default: false }]);
  await configure(ext, [{
    id: 'adapter-shops',
    name: SITE,
    hosts: ADAPTERS.map(hostOf),
    catalogue: { provider: 'flags-file', inline: catalogue },
    transports: { signed: { enabled: true, name: 'X-Feature-Flags-V2' } },
  }]);
});

afterAll(async () => {
  await ext?.close();
  for (const close of closers.reverse()) await close();
});

/** Reloads `tab` and returns the document's response and what the app saw for it. */
async function reload(tab: Page, adapter: Adapter) {
  const before = seen[adapter].length;
  const response = await tab.reload();
  if (!response) throw new Error(`no response reloading ${tab.url()}`);
  expect(seen[adapter].length, `${adapter} saw the reload`).toBeGreaterThan(before);
  return { response, request: seen[adapter].at(-1)!, text: await tab.locator('#new-checkout').textContent() };
}

describe('signed overrides from the popup, honoured by every @flagtab/server adapter in a real server', () => {
  it('tab A\'s signed new-checkout=true is accepted by Express, Fastify, Hono and OpenFeature; tab B gets the default; a token is refused by another host', async () => {
    // The key, made in the options page; each app authorizes exactly that line.
    const { line } = await makeSigningKey(ext, SITE, WHO);
    expect(line).toMatch(/^ed25519 [A-Za-z0-9_-]{43} [A-Za-z0-9_-]{43}$/);
    const kid = line.split(' ')[2]!;
    [ports.express, ports.fastify, ports.hono, ports.openfeature] = await Promise.all([startExpress(line), startFastify(line), startHono(line), startOpenFeature(line)]);

    const tokens = {} as Record<Adapter, string>;
    for (const adapter of ADAPTERS) {
      const tabA = await ext.context.newPage();
      const tabB = await ext.context.newPage();
      await tabA.goto(originOf(adapter));
      await tabB.goto(originOf(adapter));
      const popup = await PopupPage.open(ext, await tabIdOf(ext, tabA));
      await popup.setSwitch('new-checkout', true);
      expect(await popup.page.locator('.signing-warning').count(), adapter).toBe(0);

      // Tab A: signed for this host, accepted, and the app used true.
      const a = await reload(tabA, adapter);
      const token = a.request.headers['x-feature-flags-v2'];
      expect(token, adapter).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      tokens[adapter] = token as string;
      expect(a.response.headers()['x-feature-flags-status'], adapter).toMatch(/^accepted/);
      expect(a.response.headers()['x-feature-flags-status'], adapter).toBe(`accepted; kid="${kid}"; n=1`);
      expect(a.text, adapter).toBe('true');
      expect(a.request.value, adapter).toBe(true);
      if (adapter === 'openfeature') expect(a.request.reason).toBe(FLAGTAB_REASON);

      // Tab B, same host: nothing sent, nothing decided, the default.
      const b = await reload(tabB, adapter);
      expect(b.request.headers['x-feature-flags-v2'], adapter).toBeUndefined();
      expect(b.request.headers['x-feature-flags'], adapter).toBeUndefined();
      expect(b.request.headers.cookie ?? '', adapter).not.toMatch(/flagtab/);
      expect(b.response.headers()['x-feature-flags-status'], adapter).toBeUndefined();
      expect(b.text, adapter).toBe('false');
      if (adapter === 'openfeature') expect(b.request.reason).toBe('STATIC');

      await Promise.all([popup.page.close(), tabA.close(), tabB.close()]);
    }

    // Tab A's token replayed from Node against the app of another adapter's host: signed for
    // another audience, refused. (Node cannot resolve *.localhost and its fetch drops a Host
    // header, so it goes to 127.0.0.1:port; the adapters judge `aud` against their `hosts`
    // option, not the request's Host.)
    for (const [i, from] of ADAPTERS.entries()) {
      const to = ADAPTERS[(i + 1) % ADAPTERS.length]!;
      const response = await fetch(`http://127.0.0.1:${ports[to]}/`, { headers: { 'X-Feature-Flags-V2': tokens[from] } });
      expect(response.headers.get('x-feature-flags-status'), `${from} → ${to}`).toBe(`rejected; reason=wrong-audience; kid="${kid}"`);
      expect(await response.text(), `${from} → ${to}`).toContain('>false</p>');
      // And on its own host the same token is still good: the refusal is the audience, nothing else.
      const home = await fetch(`http://127.0.0.1:${ports[from]}/`, { headers: { 'X-Feature-Flags-V2': tokens[from] } });
      expect(home.headers.get('x-feature-flags-status'), from).toMatch(/^accepted/);
    }
  });
});
