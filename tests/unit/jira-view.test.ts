import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { createJiraCloudTracker } from '../../lib/trackers/jira-cloud/index';
import { startFakeJira, type FakeJira } from '../../demo/jira/server';
import { commentBody } from '../../demo/jira/view';
import { sampleSignOff, SAMPLE_PNG } from '../support/sample-signoff';

const ACCOUNT = { email: 'po@acme.example', apiToken: 'ATATT3x-secret' };
const HOSTILE = '<script>alert("notes")</script> and <img src=x onerror=alert(1)>';

const servers: FakeJira[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function jiraWithSignOff(notes: string) {
  const jira = await startFakeJira({ flavour: 'cloud', ...ACCOUNT, issues: ['SHOP-142', 'SHOP-150'] });
  servers.push(jira);
  const tracker = createJiraCloudTracker({ fetch: (...args) => fetch(...args) }, { baseUrl: jira.origin, ...ACCOUNT });
  const posted = await tracker.post(sampleSignOff({ notes }));
  return { jira, posted };
}

/** The page as a browser would get it: no Authorization header, as from a link in the panel. */
async function browse(url: string) {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), document: parseHTML(text).document, text };
}

describe('the fake Jira\'s issue page (/browse/KEY)', () => {
  it('shows the posted sign-off readably, at the address the tracker links to, with hostile notes as text', async () => {
    const { jira, posted } = await jiraWithSignOff(`## Checked\n${HOSTILE}\n\n1. card \`pay()\` works\n2. **PayPal** works`);
    expect(posted.url).toBe(`${jira.origin}/browse/SHOP-142?focusedCommentId=${posted.id}`);

    const page = await browse(posted.url);
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    const { document } = page;
    expect(document.querySelector('h1')?.textContent).toBe('SHOP-142');
    const comment = document.getElementById(`comment-${posted.id}`);
    expect(comment, 'the element the focusedCommentId link points at').not.toBeNull();

    // The notes arrive as text: the only script is the page's own, and nothing carries a handler.
    expect(comment!.textContent).toContain(HOSTILE);
    expect(document.querySelectorAll('script').length).toBe(1);
    expect(document.querySelector('script')!.textContent).not.toContain('alert');
    expect(document.querySelectorAll('[onerror]').length).toBe(0);
    expect(comment!.querySelectorAll('img').length).toBe(0);

    // Headings, lists, code marks and the evidence table as HTML.
    expect(comment!.querySelector('h3')?.textContent).toBe('QA sign-off: Passed');
    expect(comment!.querySelector('h5')?.textContent).toBe('Checked');
    expect([...comment!.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['card pay() works', 'PayPal works']);
    expect(comment!.querySelector('ol code')?.textContent).toBe('pay()');
    expect(comment!.querySelector('ol strong')?.textContent).toBe('PayPal');
    const rows = [...comment!.querySelectorAll('table tr')].map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]);
    expect(rows).toContainEqual(['URL', 'https://shop.example.com/checkout?step=2']);
    expect(comment!.querySelector('td a')?.getAttribute('href')).toBe('https://shop.example.com/checkout?step=2');
    expect([...comment!.querySelectorAll('ul code')].map((c) => c.textContent)).toContain('new-checkout = true');
    expect(comment!.textContent).toContain('flagtab-sign-off:so-abcdefghijklmnopqrst');
  });

  it('shows the screenshot as an image whose address serves the uploaded bytes', async () => {
    const { jira } = await jiraWithSignOff('Looks right.');
    const [attachment] = jira.attachments('SHOP-142');
    const { document } = await browse(`${jira.origin}/browse/shop-142`);

    const image = document.querySelector('figure img');
    expect(image?.getAttribute('alt')).toBe('flagtab-so-abcdefghijklmnopqrst.png');
    const src = image!.getAttribute('src')!;
    expect(src).toBe(attachment!.content);
    const bytes = await fetch(src);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await bytes.arrayBuffer()).equals(SAMPLE_PNG)).toBe(true);
  });

  it('says when an issue has no comments, and answers 404 for an issue it does not have', async () => {
    const { jira } = await jiraWithSignOff('Fine.');
    const empty = await browse(`${jira.origin}/browse/SHOP-150`);
    expect(empty.status).toBe(200);
    expect(empty.document.querySelectorAll('article').length).toBe(0);
    expect(empty.document.querySelector('main')?.textContent).toContain('No comments yet');

    const missing = await browse(`${jira.origin}/browse/NOPE-1`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Issue does not exist');
    expect((await browse(`${jira.origin}/browse/%E0%A4%A`)).status).toBe(404);
    expect((await browse(`${jira.origin}/browse/SHOP-142`)).status, 'still serving after a malformed address').toBe(200);
  });

  it('still asks the REST API for credentials', async () => {
    const { jira } = await jiraWithSignOff('Fine.');
    expect((await fetch(`${jira.origin}/rest/api/3/issue/SHOP-142/comment`)).status).toBe(401);
  });
});

describe('commentBody', () => {
  it('keeps only http(s) links and escapes what it cannot read', () => {
    const doc = {
      type: 'doc', version: 1,
      content: [{ type: 'paragraph', content: [
        { type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
        { type: 'mention', attrs: { text: '@<b>Pat</b>' } },
      ] }],
    };
    const { document } = parseHTML(`<div>${commentBody(doc)}</div>`);
    expect(document.querySelectorAll('a').length).toBe(0);
    expect(document.querySelectorAll('b').length).toBe(0);
    expect(document.querySelector('p')?.textContent).toBe('click@<b>Pat</b>');

    const wiki = parseHTML(`<div>${commentBody('h3. <script>x</script>')}</div>`).document;
    expect(wiki.querySelectorAll('script').length).toBe(0);
    expect(wiki.querySelector('pre')?.textContent).toBe('h3. <script>x</script>');
  });
});
