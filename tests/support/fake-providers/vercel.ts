import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiData } from 'flags';
import { createFlagsDiscoveryEndpoint } from 'flags/next';

export interface VercelFlagsApp {
  origin: string;
  /** The headers of every request that reached the app, in order. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * Not a fake: an app's real discovery endpoint, made by the Flags SDK's own
 * createFlagsDiscoveryEndpoint (flags/next) and checking proofs with FLAGS_SECRET as a Next
 * route would, behind a few lines of node:http ↔ Request/Response glue (flags/next runs outside
 * Next: the endpoint and getProviderData need none of Next's request scope). Other paths answer
 * 404 with an HTML page, as a Next app does; `endpoint: 'html-page'` makes the well-known path a
 * page too, as an app without the endpoint but with a catch-all route answers it.
 */
export async function startVercelFlagsApp(options: {
  secret: string;
  apiData: () => Promise<ApiData | unknown>;
  endpoint?: 'sdk' | 'html-page';
}): Promise<VercelFlagsApp> {
  const discovery = createFlagsDiscoveryEndpoint(async () => (await options.apiData()) as ApiData, { secret: options.secret });
  const requests: VercelFlagsApp['requests'] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://app');
    requests.push({ path: url.pathname, headers: req.headers });
    let response: Response;
    if (url.pathname === '/.well-known/vercel/flags' && options.endpoint !== 'html-page') {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      // Typed as a NextRequest; the endpoint reads only its Authorization header.
      const request = new Request(url.href, { method: req.method ?? 'GET', headers }) as unknown as Parameters<typeof discovery>[0];
      response = await discovery(request);
    } else {
      const found = options.endpoint === 'html-page';
      response = new Response('<!DOCTYPE html><html><body><h1>Shop</h1></body></html>', { status: found ? 200 : 404, headers: { 'content-type': 'text/html' } });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
