import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHORIZED_KEYS, cases, token } from './support';
import { startNextApp, type NextApp } from '../../../demo/next';

/**
 * @flagtab/server/next in a real Next.js server: `next build && next start` of the tiny app in
 * next-app/ (the adapter as middleware.js, in the Edge runtime, and one route reading the
 * verdict). The build takes 15-25 s on two cores; the requests themselves are milliseconds.
 */
const APP = fileURLToPath(new URL('./next-app/', import.meta.url));
let app: NextApp | undefined;
let base = '';

beforeAll(async () => {
  app = await startNextApp(APP, { FLAGTAB_AUTHORIZED_KEYS: AUTHORIZED_KEYS });
  base = `http://127.0.0.1:${app.port}`;
}, 180_000);
afterAll(() => { app?.close(); });

describe('@flagtab/server/next in a real Next.js server (next build && next start, Edge middleware)', () => {
  it('passes signed values to the route, refuses the rest saying why, and drops a forged verdict', async () => {
    for (const c of await cases()) {
      const response = await fetch(base, { headers: c.headers });
      const accepted = c.status.startsWith('accepted');
      expect(response.headers.get('x-feature-flags-status'), c.name).toBe(c.status);
      expect(response.headers.get('x-feature-flags-applied'), c.name).toBe(accepted ? 'new-checkout=true' : null);
      expect(await response.json(), c.name).toEqual({
        status: accepted ? 'accepted' : 'rejected',
        values: c.values,
        fromRequest: c.values,
        forwarded: accepted ? 'new-checkout=true' : null,
      });
    }

    const forged = { 'x-flagtab-decision': 'accepted; kid="alice"; n=1', 'x-flagtab-values': 'admin-mode=true' };
    expect(await (await fetch(base, { headers: forged })).json()).toEqual({ status: 'none', values: {}, fromRequest: {}, forwarded: null });
    const beside = await fetch(base, { headers: { ...forged, 'X-Feature-Flags-V2': await token({ 'new-checkout': true }) } });
    expect(await beside.json()).toEqual({ status: 'accepted', values: { 'new-checkout': true }, fromRequest: { 'new-checkout': true }, forwarded: 'new-checkout=true' });
  });
});
