import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FlagsFileServer {
  /** http://flags.localhost:PORT — a *.localhost name the e2e build may fetch from. */
  url: string;
  close(): Promise<void>;
}

/** Serves each document as /<name>.json on 127.0.0.1, with an ETag, as a static host would. */
export async function serveFlagsFiles(files: Record<string, unknown>): Promise<FlagsFileServer> {
  const bodies = new Map(Object.entries(files).map(([name, doc]) => [`/${name}.json`, JSON.stringify(doc)]));
  const server = createServer((req, res) => {
    const body = bodies.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    const etag = `"${body.length}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://flags.localhost:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
