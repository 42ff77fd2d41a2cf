import { afterEach, describe, expect, it } from 'vitest';
import { combinationLine, commentParts } from '../../lib/signoff/format';
import { GalleryWordsSchema } from '../../lib/signoff/schema';
import type { SignOffGallery } from '../../lib/signoff/signoff';
import { adfText, signOffAdf } from '../../lib/trackers/jira-cloud/adf';
import { createJiraCloudTracker } from '../../lib/trackers/jira-cloud/index';
import { createJiraDataCenterTracker } from '../../lib/trackers/jira-dc/index';
import { markdownComment } from '../../lib/trackers/markdown';
import { signOffWiki } from '../../lib/trackers/jira-dc/wiki';
import { createOutbox } from '../../lib/signoff/outbox';
import { createHistory } from '../../lib/signoff/history';
import { OUTBOX_KEY, outboxGalleryKey } from '../../lib/signoff/outbox-store';
import { adfErrors } from '../../demo/jira/adf-schema';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { memoryStorage } from '../support/catalogue';
import { sendThroughOutbox } from '../support/fake-trackers/through-outbox';
import { sampleSignOff, SAMPLE_PNG } from '../support/sample-signoff';

const servers: FakeJira[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const PNG = SAMPLE_PNG.toString('base64');

/** A 3-variant run of hero-banner: two steps taken, one failed; captures and the contact sheet. */
function gallery(): SignOffGallery {
  return {
    runId: 'run-1',
    label: 'All variants of hero-banner',
    steps: [
      { values: { 'hero-banner': 'a' }, reported: { 'hero-banner': { value: 'a', source: 'OpenFeature SDK' }, other: { value: 1, source: 'page marker' } } },
      { values: { 'hero-banner': 'b' }, reported: {} },
      { values: { 'hero-banner': 'c' }, failed: 'the tab was closed' },
    ],
    images: [{ name: 'step-1.png', base64: PNG }, { name: 'step-2.png', base64: PNG }, { name: 'contact-sheet.png', base64: PNG }],
  };
}

describe('a sign-off with a gallery: the Combinations section', () => {
  it('says how many combinations it passed under, and one line per step from what was observed', () => {
    const parts = commentParts(sampleSignOff({ gallery: gallery() }));
    expect(parts.title).toBe('QA sign-off: Passed under 3 combinations');
    expect(parts.evidence).toContainEqual(['Run', 'All variants of hero-banner']);
    expect(parts.combinations).toEqual([
      '1. hero-banner = "a" — page reported: hero-banner = "a" (OpenFeature SDK) (+1 other flag)',
      '2. hero-banner = "b" — the page reported none of these flags',
      '3. hero-banner = "c" — failed: the tab was closed',
    ]);
  });

  it('has no such section, and the old title, without a gallery', () => {
    const parts = commentParts(sampleSignOff());
    expect(parts.title).toBe('QA sign-off: Passed');
    expect(parts.combinations).toEqual([]);
  });

  it('reads a flag named __proto__ as a flag (keys are the page\'s)', () => {
    const step = GalleryWordsSchema().parse({ runId: 'run-1', label: 'Checkout', steps: [JSON.parse('{"values":{"__proto__":"x"},"reported":{"__proto__":{"value":"x","source":"page"}}}')] }).steps[0]!;
    expect(combinationLine(step, 0)).toBe('1. __proto__ = "x" — page reported: __proto__ = "x" (page)');
  });

  it('every writer lists the steps: ADF valid against the schema, Markdown, wiki markup', () => {
    const parts = commentParts(sampleSignOff({ gallery: gallery() }));
    const files = ['flagtab-x-step-1.png', 'flagtab-x-contact-sheet.png'];
    const adf = signOffAdf(parts, undefined, files.map((filename) => ({ filename, url: `https://jira.example/a/${filename}` })));
    expect(adfErrors(adf)).toEqual([]);
    const text = adfText(adf);
    for (const line of parts.combinations) expect(text).toContain(line);
    expect(text).toContain('flagtab-x-contact-sheet.png');

    const markdown = markdownComment(parts, { gallery: 'Gallery: kept in Flagtab' });
    expect(markdown).toContain('**Combinations**');
    expect(markdown).toContain('`3. hero-banner = "c" — failed: the tab was closed`');
    expect(markdown).toContain('Gallery: kept in Flagtab');

    const wiki = signOffWiki(parts, undefined, files);
    expect(wiki).toContain('h4. Combinations');
    expect(wiki).toContain('!flagtab-x-contact-sheet.png|thumbnail!');
  });
});

describe('the outbox keeps a gallery\'s images apart from its words', () => {
  it('stores the images under their own key, and drops them once posted', async () => {
    const storage = memoryStorage();
    const outbox = createOutbox({ storage, history: createHistory(storage), trackerFor: () => { throw new Error('not now'); }, alarms: { create: () => undefined, clear: () => undefined }, now: Date.now, online: () => false });
    expect(await outbox.submit(sampleSignOff({ gallery: gallery() }))).toMatchObject({ ok: true });
    const doc = JSON.stringify(storage.items.get(OUTBOX_KEY));
    expect(doc).toContain('All variants of hero-banner');
    expect(doc).not.toContain(PNG);
    expect(storage.items.get(outboxGalleryKey('so-abcdefghijklmnopqrst'))).toHaveLength(3);
  });
});

describe('Jira attaches every image of the gallery', () => {
  async function jira(flavour: 'cloud' | 'dc') {
    const server = await startFakeJira(flavour === 'cloud'
      ? { flavour: 'cloud', email: 'po@acme.example', apiToken: 'token', issues: ['SHOP-142'] }
      : { flavour: 'data-center', personalAccessToken: 'pat', issues: ['SHOP-142'] });
    servers.push(server);
    const deps = { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) };
    const tracker = flavour === 'cloud'
      ? createJiraCloudTracker(deps, { baseUrl: server.origin, email: 'po@acme.example', apiToken: 'token' })
      : createJiraDataCenterTracker(deps, { baseUrl: server.origin, personalAccessToken: 'pat' });
    return { server, tracker };
  }

  it('Cloud, through the outbox: the screenshot and 3 images arrive, and the valid ADF comment names them and lists the steps', async () => {
    const { server, tracker } = await jira('cloud');
    await sendThroughOutbox(tracker, sampleSignOff({ gallery: gallery() }));
    const names = server.attachments('SHOP-142').map((a) => a.filename);
    expect(names).toEqual([
      'flagtab-so-abcdefghijklmnopqrst.png',
      'flagtab-so-abcdefghijklmnopqrst-step-1.png',
      'flagtab-so-abcdefghijklmnopqrst-step-2.png',
      'flagtab-so-abcdefghijklmnopqrst-contact-sheet.png',
    ]);
    expect(server.attachments('SHOP-142').every((a) => a.bytes.equals(SAMPLE_PNG))).toBe(true);
    expect(server.invalidBodies).toEqual([]);
    const text = adfText(server.comments('SHOP-142')[0]!.body);
    expect(text).toContain('QA sign-off: Passed under 3 combinations');
    for (const name of names.slice(1)) expect(text).toContain(name);
    expect(text).toContain('3. hero-banner = "c" — failed: the tab was closed');
  });

  it('a retry uploads only what is missing: no image twice', async () => {
    const { server, tracker } = await jira('cloud');
    const signOff = sampleSignOff({ screenshot: undefined, gallery: gallery() });
    await tracker.post(signOff);
    await tracker.post(signOff);
    expect(server.attachments('SHOP-142')).toHaveLength(3);
  });

  it('Data Center embeds each image by its name in the wiki comment', async () => {
    const { server, tracker } = await jira('dc');
    await tracker.post(sampleSignOff({ screenshot: undefined, gallery: gallery() }));
    expect(server.attachments('SHOP-142')).toHaveLength(3);
    const body = String(server.comments('SHOP-142')[0]!.body);
    expect(body).toContain('!flagtab-so-abcdefghijklmnopqrst-contact-sheet.png|thumbnail!');
    expect(body).toContain('h4. Combinations');
  });
});
