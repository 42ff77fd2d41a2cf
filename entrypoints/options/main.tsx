import { render } from 'preact';
import browser from 'webextension-polyfill';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createOptionsModel } from '../../components/options/options-model';
import { createConfigStore } from '../../lib/config/store';
import { downloadText } from '../../lib/download';
import { createBackgroundClient } from '../../lib/messaging/client';
import { createHostPermissions } from '../../lib/permissions';
import { createSecretsStore } from '../../lib/secrets/store';
import { lazyPart } from '../../components/options/part';
import './options.css';

const store = createConfigStore(browser.storage.local, { managed: browser.storage.managed });
// A person opening the settings sees the organisation's policy as it is now (the copy updates, the page follows).
void store.syncManaged().catch((error: unknown) => console.error('Flagtab: could not read the organisation\'s policy', error));
const model = createOptionsModel({
  store,
  permissions: createHostPermissions(browser.permissions),
  secrets: createSecretsStore(browser.storage.local),
  client: createBackgroundClient((message) => browser.runtime.sendMessage(message)),
  download: (filename, text) => downloadText(document, filename, text),
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
