import { defineConfig } from 'wxt';
import { PRESENTER_COMMAND } from './lib/scenarios/presenter';
import { RESET_TAB_COMMAND } from './lib/overrides/badge';
import preact from '@preact/preset-vite';
import { DEMO_HOSTS } from './demo/browser/demo-hosts';

/**
 * Test and demo builds (`--mode e2e`) pre-grant the demo's hosts (DEMO_HOSTS), because a headless
 * browser cannot click "Allow" on a permission prompt. Production builds ask for host
 * access at the moment a site is added (optional_host_permissions) and nothing up front.
 */

export default defineConfig({
  imports: false,
  manifestVersion: 3,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ mode, browser }) => ({
    name: 'Flagtab',
    description: 'Switch feature flags and A/B variants for one tab, on the real site, and sign off the ticket.',
    // sidePanel is Chrome's; Firefox shows the same page as a sidebar_action and needs no permission.
    // webNavigation: onCreatedNavigationTarget names the tab that really opened a child
    // (tabs.onCreated's openerTabId names the active tab), see lib/background/children.ts.
    permissions: ['declarativeNetRequest', 'storage', 'unlimitedStorage', 'alarms', 'activeTab', 'scripting', 'webRequest', 'webNavigation', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // ws/wss too: Chrome modifies a websocket handshake only with access to its ws(s):// URL
    // (lib/config/hosts.ts hostAccessOrigins asks for them with the site's http(s) origins).
    optional_host_permissions: ['https://*/*', 'http://*/*', 'wss://*/*', 'ws://*/*'],
    host_permissions: mode === 'e2e' ? DEMO_HOSTS : [],
    action: { default_title: 'Flagtab' },
    // Enterprise policy: an organisation's sites arrive in storage.managed, described by this
    // schema (Chrome; Firefox reads policies.json and ignores the key). docs/managed-policy.md.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    // Three suggested shortcuts (Chrome allows at most four): open the popup; clear the active
    // tab's overrides (lib/background/main.ts); the presenter's, which flips the active tab to its
    // site's next scenario ("before" ↔ "after") and reloads it (lib/scenarios/presenter.ts).
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+F' }, description: 'Open Flagtab for this tab' },
      [RESET_TAB_COMMAND]: { suggested_key: { default: 'Alt+Shift+R' }, description: 'Reset this tab\'s overrides' },
      [PRESENTER_COMMAND]: { suggested_key: { default: 'Alt+Shift+N' }, description: 'Switch this tab to its site\'s next scenario (presenter)' },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'flagtab@flagtab.dev',
              // 140 is the first ESR that knows data_collection_permissions; Flagtab collects nothing.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
