import { describe, expect, it } from 'vitest';
import { galleryAttachment, type GalleryAttachmentDeps } from '../../lib/runs/gallery-attachment';
import type { GalleryRun } from '../../lib/runs/gallery-store';

const run: GalleryRun = {
  id: 'run-1', label: 'All variants of hero-banner', siteName: 'Demo Shop', tabId: 7, startedAt: 0, status: 'cancelled',
  steps: [{ 'hero-banner': 'a' }, { 'hero-banner': 'b' }, { 'hero-banner': 'c' }],
  results: [
    { ok: false, index: 1, at: 2, reason: 'the tab was closed' },
    { ok: true, index: 0, at: 1, settled: true, reported: { 'hero-banner': { value: 'a', source: 'page marker' } } },
  ],
};

function deps(found: GalleryRun | undefined): GalleryAttachmentDeps & { sheets: { base64?: string; lines: string[] }[][] } {
  const sheets: { base64?: string; lines: string[] }[][] = [];
  return {
    sheets,
    run: async () => found,
    image: async (_id, index) => `png-${index}`,
    drawSheet: async (entries) => { sheets.push(entries); return 'sheet'; },
  };
}

describe('a run\'s gallery as the sign-off attaches it', () => {
  it('takes the steps in order, only those taken: the captures of the taken ones, then the contact sheet', async () => {
    const d = deps(run);
    const gallery = await galleryAttachment(d, 'run-1');
    expect(gallery.steps).toEqual([
      { values: { 'hero-banner': 'a' }, reported: { 'hero-banner': { value: 'a', source: 'page marker' } } },
      { values: { 'hero-banner': 'b' }, failed: 'the tab was closed' },
    ]);
    expect(gallery.images).toEqual([{ name: 'step-1.png', base64: 'png-0' }, { name: 'contact-sheet.png', base64: 'sheet' }]);
    expect(d.sheets[0]).toEqual([
      { base64: 'png-0', lines: ['hero-banner = a', 'Page reported: hero-banner = a'] },
      { lines: ['hero-banner = b', 'Failed: the tab was closed'] },
    ]);
  });

  it('says what to do when the run is gone or has no step taken', async () => {
    await expect(galleryAttachment(deps(undefined), 'run-1')).rejects.toThrow(/no longer in the gallery.*start the run again/);
    await expect(galleryAttachment(deps({ ...run, results: [] }), 'run-1')).rejects.toThrow(/no step taken yet/);
  });
});
