import { DEFAULT_ECHO_HEADER } from '../../lib/config/schema';
import type { JsonValue } from '../../lib/json';
import { encodeOverrides } from '../../lib/wire';
import { defaultValues, loadFlagsFile } from '../flags';
import { HTML, type DemoRoutes } from '../routes';
import { floodPage, hostilePage, protoPage } from './hostile';
import { markersPage, spaPage } from './pages';

let defaults: Record<string, JsonValue> | undefined;
/** flags.json's default values, read once. */
function flagDefaults(): Record<string, JsonValue> {
  defaults ??= defaultValues(loadFlagsFile().file);
  return defaults;
}

/**
 * Pages that mark the flags they used (docs/detection.md), mounted on the shop host:
 * - `/markers` honours the overrides and marks the values it used in all three marker kinds;
 * - `/markers/ignores-overrides` renders, marks and echoes flags.json's defaults whatever the
 *   request carried — the app Flagtab must warn about;
 * - `/markers/hostile` attacks the content script (see hostile.ts);
 * - `/markers/proto` reports flags named `__proto__`, `constructor` and `toString`;
 * - `/markers/flood` reports ~20 MB of large SDK evaluations;
 * - `/markers/spa` adds, removes and changes markers after load.
 */
export const MARKER_ROUTES: DemoRoutes = {
  '/markers': ({ flags }) => ({ status: 200, type: HTML, body: markersPage({ values: flags.effective, flags, honours: true }) }),
  '/markers/ignores-overrides': ({ flags }) => ({
    status: 200,
    type: HTML,
    body: markersPage({ values: flagDefaults(), flags, honours: false }),
    // An honest echo of what this app used: the defaults, not the overrides.
    headers: { [DEFAULT_ECHO_HEADER]: encodeOverrides(flagDefaults()) },
  }),
  '/markers/hostile': () => ({ status: 200, type: HTML, body: hostilePage() }),
  '/markers/proto': () => ({ status: 200, type: HTML, body: protoPage() }),
  '/markers/flood': () => ({ status: 200, type: HTML, body: floodPage() }),
  '/markers/spa': ({ flags }) => ({ status: 200, type: HTML, body: spaPage(flags) }),
};
