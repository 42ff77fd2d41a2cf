import { render } from 'preact';
// WXT's `browser`: Firefox's own, or Chrome's `chrome` (promise-based in MV3). The page needs
// nothing webextension-polyfill adds, and the polyfill's 9.6 KB would be a tenth of its first view.
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createOptionsModel } from '../../components/options/options-model';
import { createBackgroundClient } from '../../lib/messaging/client';
import { createHostPermissions } from '../../lib/permissions';
import { lazyPart, onFirstCall } from '../../components/options/part';
import { createPageStore } from '../../components/options/page-store';
import './options.css';

const client = createBackgroundClient((message) => browser.runtime.sendMessage(message));
// A person opening the settings sees the organisation's policy as it is now (the copy updates, the page follows).
void client.request('policy/sync', {}).catch((error: unknown) => console.error('Flagtab: could not read the organisation\'s policy', error));
const model = createOptionsModel({
  // The background reads the configuration for the page; the store's schemas load on the first write.
  store: createPageStore({
    client,
    local: browser.storage.local,
    loadWriter: async () => (await import('../../lib/config/store')).createConfigStore(browser.storage.local, { managed: browser.storage.managed }),
  }),
  permissions: createHostPermissions(browser.permissions),
  // Tokens are read and written only by the form, import/export and Remove: their store loads then.
  secrets: onFirstCall(async () => (await import('../../lib/secrets/store')).createSecretsStore(browser.storage.local),
    ['all', 'savedFor', 'get', 'set', 'bind', 'forgetSite', 'merge']),
  client,
  download: (filename, text) => void import('../../lib/download').then((m) => m.downloadText(document, filename, text)),
  copy: (text) => navigator.clipboard.writeText(text),
  // Loaded when first used, so the list of sites comes up without the form's or the file format's code.
  parts: {
    siteEditor: lazyPart(() => import('../../components/options/site-editor-part')),
    transfer: lazyPart(() => import('../../components/options/transfer-model')),
  },
});
// `options.html?addHost=shop.example.com` opens the Add form for that host (the popup links here).
model.start({ addHost: new URLSearchParams(location.search).get('addHost') });
render(<OptionsApp model={model} />, document.getElementById('app')!);
