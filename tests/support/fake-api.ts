import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake API received it: what tests assert on. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Matched against the path (no query); groups become `params`. */
  path: RegExp;
  handle(request: RecordedRequest, params: string[]): FakeReply;
}

export interface FakeApi {
  origin: string;
  requests: RecordedRequest[];
  /** The next `count` requests get this reply instead (a 429, a 500…), then routes answer again. */
  failNext(count: number, reply: FakeReply): void;
  /** Every reply waits this long first (for timeout tests). */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A small HTTP server for imitating a provider's documented API in tests: routes, an auth
 * check that answers like the real service, fault injection, and a log of what arrived.
 * Bound to 127.0.0.1 on a free port.
 */
export async function startFakeApi(options: {
  routes: Route[];
  /** Returns the provider's own 401/403 reply when the request's credentials are not good. */
  authorize(request: RecordedRequest): FakeReply | undefined;
  /** The provider's 404 body for an unknown path. */
  notFound?: FakeReply;
}): Promise<FakeApi> {
  const requests: RecordedRequest[] = [];
  const faults: FakeReply[] = [];
  const api = { delayMs: 0 } as FakeApi;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text ? safeJson(text) : undefined,
    };
    requests.push(recorded);
    const reply = faults.shift() ?? options.authorize(recorded) ?? route(recorded);
    if (api.delayMs) await new Promise((r) => setTimeout(r, api.delayMs));
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });

  function route(request: RecordedRequest): FakeReply {
    for (const r of options.routes) {
      const match = r.method === request.method ? r.path.exec(request.path) : null;
      if (match) return r.handle(request, match.slice(1).map(decodeURIComponent));
    }
    return options.notFound ?? { status: 404, body: { message: 'Not found' } };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  api.origin = `http://127.0.0.1:${port}`;
  api.requests = requests;
  api.failNext = (count, reply) => {
    for (let i = 0; i < count; i++) faults.push(reply);
  };
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Offset/limit paging as most of these APIs do it. */
export function page<T>(items: T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}

/** A non-negative integer query parameter, or the fallback. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const value = Number(query.get(name));
  return query.has(name) && Number.isInteger(value) && value >= 0 ? value : fallback;
}
