/**
 * The hosts test and demo builds are granted up front (`--mode e2e` in wxt.config.ts, and the
 * bench's copy of the production build, bench/build.ts): a headless browser cannot click
 * "Allow" on a permission prompt. Every *.localhost name reaches the demo server.
 */
export const DEMO_HOSTS = ['http://*.localhost/*', 'https://*.localhost/*', 'ws://*.localhost/*', 'wss://*.localhost/*'];
