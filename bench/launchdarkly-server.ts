import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The bench's LaunchDarkly: just the part of REST API v2 "List feature flags" that Flagtab's
 * catalogue load uses (https://launchdarkly.com/docs/api/feature-flags/list-feature-flags),
 * answered the way the API (and the provider tests' fake) answers it:
 *
 * - GET /api/v2/flags/{project}?env=&summary=0&limit=&offset= → { items, totalCount, _links }
 * - the access token as the whole Authorization header; 401 { code, message } otherwise
 * - limit defaults to 20 and is capped at 100; `_links.next.href` is relative to the host
 * - `env` keeps only that environment's configuration (with its targets and rules: summary=0)
 *
 * Every answer is built and serialised per request, as a real server's would be: the server
 * runs in the bench's process, so its work lands on the baseline and on Flagtab alike.
 */
export interface BenchLaunchDarkly {
  origin: string;
  close(): Promise<void>;
}

export async function startBenchLaunchDarkly(options: { token: string; project: string; flags: Record<string, unknown>[] }): Promise<BenchLaunchDarkly> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== options.token) return void reply(401, { code: 'unauthorized', message: 'Invalid access token' });
    if (req.method !== 'GET' || url.pathname !== `/api/v2/flags/${options.project}`) return void reply(404, { code: 'not_found', message: 'Invalid resource identifier' });
    const limit = Math.min(intParam(url.searchParams, 'limit', 20), 100);
    const offset = intParam(url.searchParams, 'offset', 0);
    const env = url.searchParams.get('env');
    const items = options.flags.slice(offset, offset + limit).map((flag) => onlyEnvironment(flag, env));
    const links: Record<string, { href: string; type: string }> = { self: { href: link(options.project, url.searchParams, offset), type: 'application/json' } };
    if (offset + limit < options.flags.length) links.next = { href: link(options.project, url.searchParams, offset + limit), type: 'application/json' };
    reply(200, { items, totalCount: options.flags.length, _links: links });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const value = Number(query.get(name));
  return query.has(name) && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function link(project: string, query: URLSearchParams, offset: number): string {
  const next = new URLSearchParams(query);
  next.set('offset', String(offset));
  return `/api/v2/flags/${encodeURIComponent(project)}?${next}`;
}

function onlyEnvironment(flag: Record<string, unknown>, env: string | null): Record<string, unknown> {
  const environments = (flag.environments ?? {}) as Record<string, unknown>;
  return { ...flag, environments: Object.fromEntries(Object.entries(environments).filter(([key]) => !env || key === env)) };
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A flag as LaunchDarkly lists it, on in production and off in staging, with `overrides`.
 *
 * @example ldFlag('new-checkout', { kind: 'multivariate' })
 */
export function ldFlag(key: string, overrides: Record<string, unknown> = {}, now = Date.now()): Record<string, unknown> {
  const environment = (name: string, on: boolean) => ({
    on, archived: false, salt: 'abc', sel: 'def', lastModified: now - 90 * DAY, version: 3,
    targets: [], contextTargets: [], rules: [], prerequisites: [],
    fallthrough: { variation: 0 }, offVariation: 1,
    _site: { href: `/shop/${name}/features/${encodeURIComponent(key)}`, type: 'text/html' },
    _environmentName: name[0]!.toUpperCase() + name.slice(1), trackEvents: false, trackEventsFallthrough: false,
  });
  return {
    key, name: key, kind: 'boolean', description: '', _version: 1, creationDate: now - 120 * DAY,
    variations: [{ _id: 'v0', value: true }, { _id: 'v1', value: false }],
    temporary: false, tags: [], archived: false, deprecated: false,
    defaults: { onVariation: 0, offVariation: 1 },
    customProperties: {},
    _links: { self: { href: `/api/v2/flags/shop/${encodeURIComponent(key)}`, type: 'application/json' }, parent: { href: '/api/v2/flags/shop', type: 'application/json' } },
    _maintainer: { _id: 'm1', email: 'owner@example.com', role: 'writer' },
    experiments: { baselineIdx: 0, items: [] },
    environments: { production: environment('production', true), staging: environment('staging', false) },
    ...overrides,
  };
}
