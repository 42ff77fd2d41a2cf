/**
 * Runs the demo shop until Ctrl+C: `tsx demo/cli.ts [--port 5177] [--host 127.0.0.1]`.
 * Logs one line per request so a person can watch which requests carried overrides.
 */
import { parseArgs } from 'node:util';
import { startDemoServer } from './server';
import type { RecordedRequest } from './recorder';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5177' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a number from 0 to 65535, got "${values.port}".`);
  process.exit(2);
}

const demo = await startDemoServer({ port, host: values.host, onRequest: logLine }).catch((error: unknown) => {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  console.error(`Port ${port} is in use: stop whatever holds it, or pass --port 0 for a free one.`);
  process.exit(1);
});
console.log(`Demo shop:        ${demo.siteOrigin}/`);
console.log(`Third-party host: ${demo.thirdPartyOrigin}/tracker.js`);
console.log(`Flag definitions: ${demo.siteOrigin}/flags.json`);
console.log('Press Ctrl+C to stop.\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('\nStopping the demo shop…');
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Could not close the demo server cleanly', error);
        process.exit(1);
      },
    );
  });
}

function logLine(r: RecordedRequest): void {
  const count = Object.keys(r.overrides).length;
  const via = [r.headerOverrides ? 'header' : '', r.cookieOverrides ? 'cookie' : ''].filter(Boolean).join('+');
  const overrides = count === 0 ? 'no overrides' : `${count} override${count === 1 ? '' : 's'} via ${via}`;
  const errors = r.decodeErrors.length > 0 ? `  errors: ${r.decodeErrors.join('; ')}` : '';
  const time = new Date(r.at).toISOString().slice(11, 23);
  console.log(`${time} ${r.method.padEnd(4)} ${r.host}${r.path}  ${overrides}${errors}`);
}
