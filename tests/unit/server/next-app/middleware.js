// The README's lines, against the adapter's source; next-server.test.ts builds and runs this app.
// middleware.js, not proxy.js, so the adapter runs in the Edge runtime (Next 16 runs proxy.js in
// Node, a superset for what the adapter needs: Web Crypto and Headers).
import { flagtab } from '../../../../packages/server/src/next';

export const middleware = flagtab({ keys: process.env.FLAGTAB_AUTHORIZED_KEYS, hosts: ['shop.example.com'] });
