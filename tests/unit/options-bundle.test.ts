import { pageInputs } from '../support/page-bundle';
import { describe, expect, it } from 'vitest';

describe('the options page\'s first view', () => {
  it('leaves the configuration\'s parsing to the background, the forms\' words to the form, and the polyfill out', async () => {
    // What the page loads before its first view (not the parts it loads when first used).
    const inputs = await pageInputs('entrypoints/options/main.tsx', { firstView: true });
    // Held on what must be there, so a wrong walk cannot pass for a small page.
    expect(inputs).toContain('components/options/SiteCard.tsx');
    expect(inputs).toContain('components/options/EmptyState.tsx');
    expect(inputs.filter((path) => /node_modules\/zod\//.test(path)), 'zod').toEqual([]);
    expect(inputs.filter((path) => /lib\/config\/(store|schema|versions|managed)\.ts$/.test(path)), 'the config schemas').toEqual([]);
    // The trackers' metas stay: which origins a site needs (Linear's upload host) says whether it lacks access.
    expect(inputs.filter((path) => /lib\/(providers|transports)\/[\w-]+\/meta\.ts$/.test(path)), 'the forms\' metas').toEqual([]);
    expect(inputs.filter((path) => /webextension-polyfill/.test(path)), 'the polyfill').toEqual([]);
  });
});
