import { fakeBrowser } from '@webext-core/fake-browser';
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createOptionsModel, type OptionsDeps } from '../../components/options/options-model';
import { lazyPart } from '../../components/options/part';
import * as siteEditorPart from '../../components/options/site-editor-part';
import * as transferPart from '../../components/options/transfer-model';
import { createConfigStore } from '../../lib/config/store';
import { createSecretsStore } from '../../lib/secrets/store';

/**
 * The options page's first view comes up without the site form's and the import code's parts
 * (part.ts); they load when first used, and a part that will not load says what to do.
 */

/** A part whose load the test lets finish (or fail) when it chooses. */
function gatedPart<T>(value: T) {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const gate = new Promise<T>((resolve, reject) => {
    open = () => resolve(value);
    fail = reject;
  });
  let requested = false;
  return { part: lazyPart(() => ((requested = true), gate)), open, fail, requested: () => requested };
}

let asked: string[][];

function deps(parts: OptionsDeps['parts']): OptionsDeps {
  return {
    store: createConfigStore(fakeBrowser.storage.local),
    permissions: {
      request: (origins: string[]) => ((asked.push(origins)), Promise.resolve(true)),
      contains: () => Promise.resolve(true),
      onRemoved: () => () => undefined,
    },
    secrets: createSecretsStore(fakeBrowser.storage.local),
    client: { request: () => Promise.resolve({ ok: true }) } as unknown as OptionsDeps['client'],
    download: () => undefined,
    parts,
  };
}

async function page(parts: OptionsDeps['parts']) {
  const model = createOptionsModel(deps(parts));
  model.start();
  await vi.waitFor(() => expect(model.loading.value).toBe(false));
  const { document } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  Object.assign(globalThis, { document });
  render(h(OptionsApp, { model }), document.getElementById('app')!);
  const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement | undefined;
  return { model, document, button };
}

beforeEach(() => {
  fakeBrowser.reset();
  asked = [];
});

describe('options page parts loaded on use', () => {
  it('shows the first-run card without the form\'s part, and the form once "Add a site" has loaded it', async () => {
    const editor = gatedPart(siteEditorPart);
    const transfer = gatedPart(transferPart);
    const { document, button } = await page({ siteEditor: editor.part, transfer: transfer.part });
    expect(document.body.textContent).toContain('Set up the site you test');
    expect(editor.requested()).toBe(false);
    expect(transfer.requested()).toBe(false);

    button('Add a site')!.click();
    expect(editor.requested()).toBe(true);
    editor.open();
    await vi.waitFor(() => expect(document.querySelector('form[aria-label="Add site"]')).not.toBeNull());
    expect(transfer.requested()).toBe(false);
  });

  it('says to reload the page when the form\'s part cannot be loaded, and tries again on the next click', async () => {
    const editor = gatedPart(siteEditorPart);
    const { document, button } = await page({ siteEditor: editor.part, transfer: gatedPart(transferPart).part });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    button('Add a site')!.click();
    editor.fail(new Error('Failed to fetch dynamically imported module'));
    await vi.waitFor(() => expect(document.querySelector('[role="status"]')?.textContent).toContain('could not load this part of the settings page: reload the page and try again'));
    expect(document.querySelector('form[aria-label="Add site"]')).toBeNull();
  });

  it('has the import code in by the click once JSON is typed, so the click asks for host access at once', async () => {
    const transfer = gatedPart(transferPart);
    const { model, document } = await page({ siteEditor: gatedPart(siteEditorPart).part, transfer: transfer.part });
    const textarea = document.getElementById('import-text') as HTMLTextAreaElement;
    textarea.value = JSON.stringify({ format: 'flagtab-config', version: 1, sites: [{ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://flags.example.com/f.json' } }] });
    textarea.dispatchEvent(new document.defaultView!.Event('input'));
    expect(transfer.requested()).toBe(true);
    transfer.open();
    await transfer.part.load();
    // The click: permissions.request must be called before the intent first waits (the user gesture).
    const importing = model.importPasted();
    expect(asked).toEqual([expect.arrayContaining(['https://shop.example.com/*'])]);
    await importing;
    await vi.waitFor(() => expect(model.importNotice.value).toBe('Imported 1 site'));
  });
});
