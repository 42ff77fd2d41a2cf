import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { html, page } from './html';
import { HTML, JS, type DemoRoutes } from './routes';
import type { RecordedRequest } from './recorder';

/** Where the live page's websocket connects, on the shop host. */
export const LIVE_SOCKET_PATH = '/live/socket';

/**
 * `/live`: a page that opens a websocket to the shop and shows what the server saw in the
 * handshake. Chrome applies Flagtab's header and cookie to a handshake only when Flagtab has
 * host access to the ws:// URL itself (tests/e2e/websocket.test.ts).
 */
export const LIVE_ROUTES: DemoRoutes = {
  '/live': () => ({
    status: 200,
    type: HTML,
    body: page({
      title: 'Demo Shop live',
      accent: '#2563eb',
      body: html`<header><h1>Live stock</h1></header>
<main><section><h2>What the websocket handshake carried</h2><pre id="socket-result">Connecting…</pre></section></main>
<script src="/live.js"></script>`,
    }),
  }),
  '/live.js': () => ({
    status: 200,
    type: JS,
    body: `const out = document.getElementById('socket-result');
const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '${LIVE_SOCKET_PATH}');
socket.onmessage = (e) => { out.textContent = e.data; };
socket.onerror = () => { out.textContent = 'The websocket failed.'; };`,
  }),
};

/**
 * Answers a websocket upgrade on LIVE_SOCKET_PATH (RFC 6455 §4.2.2): the 101 handshake, then
 * one text frame with the overrides the handshake carried. Any other upgrade is refused.
 */
export function answerUpgrade(req: IncomingMessage, socket: Duplex, recorded: RecordedRequest): void {
  const key = req.headers['sec-websocket-key'];
  if (new URL(recorded.path, 'http://x').pathname !== LIVE_SOCKET_PATH || typeof key !== 'string') {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.write(textFrame(JSON.stringify({ overrides: recorded.overrides, errors: recorded.decodeErrors })));
  socket.on('error', () => socket.destroy()); // the page went away
  socket.on('data', () => undefined); // frames from the page are read and ignored
}

/** One unmasked FIN text frame, as a server sends it (RFC 6455 §5.2). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const length = payload.length;
  if (length > 0xffff) throw new Error('The demo sends only short websocket messages.');
  const header = length < 126 ? Buffer.from([0x81, length]) : Buffer.from([0x81, 126, length >> 8, length & 0xff]);
  return Buffer.concat([header, payload]);
}
