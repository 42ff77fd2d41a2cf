/**
 * `npm start`: builds Flagtab, starts the demo shop on 127.0.0.1, and opens Chromium with the
 * extension loaded and the demo site already configured. With no display (a server, CI) it
 * runs headless, turns one flag on to prove the loop works, and saves screenshots.
 *
 * Options: --port N (default 5177), --headless, --exit (stop after the screenshots),
 * --out DIR (where screenshots go; default .output/demo).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoServer } from '../demo/server';
import { ROOT, buildExtension } from '../tests/e2e/support/build';
import { launchWithExtension, tabIdOf } from '../tests/e2e/support/extension';
import { PopupPage, configure, demoSite } from '../tests/e2e/support/flagtab';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '5177' },
    headless: { type: 'boolean' },
    exit: { type: 'boolean' },
    out: { type: 'string', default: resolve(ROOT, '.output/demo') },
  },
});
const headless = args.headless ?? !process.env.DISPLAY;

console.log('› Building the extension (test build: demo hosts pre-granted)…');
const extensionDir = await buildExtension('chrome');
const demo = await startDemoServer({ port: Number(args.port) });
console.log(`› Demo shop: ${demo.siteOrigin}  (third-party host: ${demo.thirdPartyOrigin})`);

const ext = await launchWithExtension({ headless });
await configure(ext, [demoSite(demo.siteOrigin)]);
const shop = ext.context.pages()[0] ?? (await ext.context.newPage());
await shop.goto(demo.siteOrigin);

if (headless) {
  const outDir = args.out;
  mkdirSync(outDir, { recursive: true });
  const popup = await PopupPage.open(ext, await tabIdOf(ext, shop));
  await popup.page.setViewportSize({ width: 460, height: 640 });
  await popup.setSwitch('new-checkout', true);
  await popup.chooseVariant('hero-banner', 'b');
  await popup.page.screenshot({ path: `${outDir}/popup.png` });
  await shop.reload();
  // The server, not the page, decides: this element exists only if the override arrived.
  await shop.locator('#new-checkout').waitFor({ timeout: 10_000 });
  await shop.screenshot({ path: `${outDir}/shop.png`, fullPage: true });
  console.log(`› No display, so Chromium ran headless. It turned "new-checkout" on and chose banner "b" for one tab;`);
  console.log(`  the server answered with the new checkout. Screenshots: ${outDir}/popup.png and ${outDir}/shop.png`);
  console.log(`  To use Flagtab yourself, load ${extensionDir} as an unpacked extension (see README) and open ${demo.siteOrigin}`);
} else {
  console.log('› Chromium is open with Flagtab loaded. Click the Flagtab toolbar icon on the shop tab.');
}

if (args.exit) {
  await ext.close();
  await demo.close();
} else {
  console.log('› Press Ctrl+C to stop.');
  const stop = async () => { await ext.close().catch(() => undefined); await demo.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  ext.context.on('close', () => void demo.close().then(() => process.exit(0)));
}
