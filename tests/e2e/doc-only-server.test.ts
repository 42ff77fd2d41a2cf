import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../demo/browser/build';
import { tabIdOf } from '../../demo/browser/extension';
import { PopupPage, configure } from '../../demo/browser/flagtab';
import { useDemoAndExtension } from './support/environment';

interface Seen { path: string; overrides: Record<string, unknown>; error?: string }

const HOSTILE_KEY = 'a,b;c=d\nX-Evil: 1';
const env = useDemoAndExtension();
let server: ChildProcess;
let origin: string;
const seen: Seen[] = [];

/** The Python block under "### Python" in docs/wire-format.md, as the doc's reader would copy it. */
function pythonFromDoc(): string {
  const doc = readFileSync(join(ROOT, 'docs/wire-format.md'), 'utf8');
  const match = /### Python\s+```python\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('docs/wire-format.md has no Python snippet under "### Python"');
  return match[1]!;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flagtab-doc-server-'));
  writeFileSync(join(dir, 'wire_doc.py'), pythonFromDoc());
  server = spawn('python3', [join(ROOT, 'tests/e2e/fixtures/doc_server.py')], { env: { ...process.env, PYTHONPATH: dir } });
  const lines = createInterface({ input: server.stdout! });
  const port = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    server.once('exit', (code) => reject(new Error(`python3 doc server exited with ${code}`)));
  });
  lines.on('line', (line) => seen.push(JSON.parse(line) as Seen));
  origin = `http://docs.localhost:${port}`;
  const catalogue = JSON.stringify([{ key: 'new-checkout', type: 'boolean', default: false }, { key: HOSTILE_KEY, type: 'string', default: '' }]);
  await configure(env.ext, [{ id: 'doc-server', name: 'Doc server', hosts: ['docs.localhost'], catalogue: { provider: 'flags-file', inline: catalogue } }]);
});
afterAll(() => {
  server?.kill();
});

async function load(page: import('playwright-core').Page, path: string): Promise<Seen> {
  await page.goto(origin + path);
  await page.locator('#seen').waitFor();
  const record = seen.find((s) => s.path === path);
  if (!record) throw new Error(`the doc server saw no request for ${path}`);
  return record;
}

describe('a server that knows only docs/wire-format.md', () => {
  it('receives exactly the chosen values in exactly one tab', async () => {
    const tabA = await env.ext.context.newPage();
    const tabB = await env.ext.context.newPage();
    await load(tabA, '/start-a');
    const popup = await PopupPage.open(env.ext, await tabIdOf(env.ext, tabA));
    await popup.setSwitch('new-checkout', true);
    const field = popup.page.getByRole('textbox', { name: HOSTILE_KEY, exact: true });
    await field.fill('"quoted", ; = é');
    await field.press('Enter');
    await popup.page.getByRole('button', { name: `Reset ${HOSTILE_KEY}` }).waitFor();

    const a = await load(tabA, '/after-a');
    expect(a).toEqual({ path: '/after-a', overrides: { 'new-checkout': true, [HOSTILE_KEY]: '"quoted", ; = é' } });
    const b = await load(tabB, '/after-b');
    expect(b).toEqual({ path: '/after-b', overrides: {} });
    await Promise.all([tabA.close(), tabB.close(), popup.page.close()]);
  });
});
