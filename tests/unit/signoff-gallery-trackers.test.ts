import { afterEach, describe, expect, it } from 'vitest';
import type { SignOff, SignOffGallery } from '../../lib/signoff/signoff';
import { createGitLabTracker } from '../../lib/trackers/gitlab/index';
import { createLinearTracker } from '../../lib/trackers/linear/index';
import { createAzureDevOpsTracker } from '../../lib/trackers/azure-devops/index';
import { createGitHubTracker } from '../../lib/trackers/github/index';
import { startFakeGitLab } from '../support/fake-trackers/gitlab';
import { startFakeLinear } from '../support/fake-trackers/linear';
import { startFakeAzureDevOps } from '../support/fake-trackers/azure-devops';
import { startFakeGitHub } from '../support/fake-trackers/github';
import { sampleSignOff, SAMPLE_PNG } from '../support/sample-signoff';

/** The Markdown trackers with a run's gallery: each uploads every image where it can, GitHub says where they are. */
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const fetchDeps = { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) };
const PNG = SAMPLE_PNG.toString('base64');
const gallery: SignOffGallery = {
  runId: 'run-1', label: 'All variants of hero-banner',
  steps: [
    { values: { 'hero-banner': 'a' }, reported: { 'hero-banner': { value: 'a', source: 'page marker' } } },
    { values: { 'hero-banner': 'b' }, failed: 'the tab was closed' },
  ],
  images: [{ name: 'step-1.png', base64: PNG }, { name: 'contact-sheet.png', base64: PNG }],
};
const withGallery = (ticket: string): SignOff => sampleSignOff({ ticket, screenshot: undefined, gallery });
const NAMES = ['flagtab-so-abcdefghijklmnopqrst-step-1.png', 'flagtab-so-abcdefghijklmnopqrst-contact-sheet.png'];

/** What every comment must say about the combinations, whatever the tracker. */
function expectCombinations(body: string) {
  expect(body).toContain('QA sign\\-off\\: Passed under 2 combinations');
  expect(body).toContain('**Combinations**');
  expect(body).toContain('`1. hero-banner = "a" — page reported: hero-banner = "a" (page marker)`');
  expect(body).toContain('`2. hero-banner = "b" — failed: the tab was closed`');
}

describe('a gallery sign-off on the Markdown trackers', () => {
  it('GitLab uploads every image and embeds each in the note', async () => {
    const api = await startFakeGitLab({ token: 't', projects: { 'acme/web/shop': { id: 4711, issues: { 7: [] } } } });
    servers.push(api);
    await createGitLabTracker(fetchDeps, { baseUrl: api.origin, token: 't' }).post(withGallery('acme/web/shop#7'));
    expect(api.uploads.map((u) => u.filename)).toEqual(NAMES);
    expect(api.uploads.every((u) => u.bytes.equals(SAMPLE_PNG))).toBe(true);
    const [note] = api.notes.get('acme/web/shop#7')!;
    expectCombinations(note!.body);
    for (const upload of api.uploads) expect(note!.body).toContain(upload.url);
  });

  it('Linear uploads every image and embeds each in the comment', async () => {
    const api = await startFakeLinear({ apiKey: 'k', issues: { 'ENG-12': [] } });
    servers.push(api);
    await createLinearTracker(fetchDeps, { apiUrl: `${api.origin}/`, apiKey: 'k' }).post(withGallery('ENG-12'));
    expect(api.uploads.map((u) => u.filename)).toEqual(NAMES);
    const [comment] = api.comments.get('ENG-12')!;
    expectCombinations(comment!.body);
    for (const upload of api.uploads) expect(comment!.body).toContain(upload.assetUrl);
  });

  it('Azure DevOps uploads every image as an attachment and embeds each in the comment', async () => {
    const api = await startFakeAzureDevOps({ token: 't', organization: 'acme', projects: { Shop: { 4711: [] } } });
    servers.push(api);
    await createAzureDevOpsTracker(fetchDeps, { baseUrl: `${api.origin}/`, organization: 'acme', project: 'Shop', token: 't' }).post(withGallery('4711'));
    expect(api.attachments.map((a) => a.fileName)).toEqual(NAMES);
    const [comment] = api.comments.get(4711)!;
    expectCombinations(comment!.text);
    for (const attachment of api.attachments) expect(comment!.text).toContain(attachment.url);
  });

  it('GitHub uploads nothing and says where the images are', async () => {
    const api = await startFakeGitHub({ token: 't', issues: { 'acme/shop#12': [] } });
    servers.push(api);
    await createGitHubTracker(fetchDeps, { apiUrl: api.origin, token: 't' }).post(withGallery('acme/shop#12'));
    const [comment] = api.comments.get('acme/shop#12')!;
    expectCombinations(comment!.body);
    expect(comment!.body).toContain("The run's 2 images (each step's capture and the contact sheet) were not uploaded, because GitHub's REST API cannot upload images");
  });
});
