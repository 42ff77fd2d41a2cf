import { createServer, type Server } from 'node:http';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagtab, type FlagtabVariables } from '../../../packages/server/src/hono';
import { AUTHORIZED_KEYS, baseOf, expectEveryCase, HOST } from './support';

/** Hono's fetch handler behind node:http, the few lines @hono/node-server would take. */
function serve(fetchHandler: (request: Request) => Response | Promise<Response>): Promise<Server> {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await fetchHandler(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('@flagtab/server/hono in a real Hono app', () => {
  let server: Server;
  beforeAll(async () => {
    const app = new Hono<{ Variables: FlagtabVariables }>();
    app.use(flagtab({ keys: AUTHORIZED_KEYS, hosts: [HOST] }));
    app.get('/', (c) => c.json({ ...c.get('flagtab').values }));
    server = await serve(app.fetch);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('honours a validly signed header or cookie and refuses every other request, saying why', async () => {
    await expectEveryCase(baseOf(server));
  });
});
