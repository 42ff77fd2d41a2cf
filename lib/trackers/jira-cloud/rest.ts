import { z } from '../../zod';
import { screenshotBytes } from '../encoding';
import { commentParts, type CommentParts } from '../../signoff/format';
import { signOffMarker, type SignOff } from '../../signoff/signoff';
import { readTrackerJson, trackerRequest, type TrackerDescription } from '../http';
import { TrackerError, postedOf, type FoundComment, type PostedComment, type TicketTracker } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import { issueKey } from './ticket';

/**
 * What Jira Cloud's REST API v3 and Data Center's v2 share, and the Data Center tracker
 * imports from here: issue keys, attachments, comments and their paging
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/,
 * https://docs.atlassian.com/software/jira/docs/api/REST/latest/). Only the comment body
 * differs: ADF on v3, a wiki-markup string on v2.
 */
export interface JiraRest {
  deps: TrackerDeps;
  tracker: TrackerDescription;
  /** "https://acme.atlassian.net" or "https://jira.acme.com/jira", without a trailing slash. */
  baseUrl: string;
  /** `${baseUrl}/rest/api/3` or `/rest/api/2`. */
  api: string;
  /** The Authorization header. */
  auth: Record<string, string>;
}

/** A project key (a capital letter, then capitals, digits or _), a dash, the issue number. */
/** One name per sign-off, so a retry recognises the attachment an earlier attempt left. */
export function screenshotFilename(signOffId: string): string {
  return `flagtab-${signOffId}.png`;
}

const Id = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
const AttachmentSchema = z.object({ id: Id, filename: z.string(), content: z.optional(z.string()) });
const IssueAttachmentsSchema = z.object({ fields: z.object({ attachment: z.nullish(z.array(AttachmentSchema)) }) });
const CommentSchema = z.object({ id: Id });
const CommentPageSchema = z.object({
  startAt: z.number(),
  total: z.number(),
  comments: z.array(z.object({ id: Id, body: z.unknown() })),
});

export type JiraAttachment = z.infer<typeof AttachmentSchema>;

/** Jira caps a page at its own maximum anyway; 100 keeps each answer small. */
const PAGE_SIZE = 100;
/** 20,000 comments: beyond this an issue is not one a tester signs off. */
const MAX_PAGES = 200;

/** The name of a gallery image on the issue: the sign-off's, so a retry recognises it too. */
export function galleryFilename(signOffId: string, imageName: string): string {
  return `flagtab-${signOffId}-${imageName}`;
}

/** What a sign-off attaches: its screenshot first, then its gallery's images in order. */
function filesOf(signOff: SignOff): { filename: string; base64: string; screenshot: boolean }[] {
  return [
    ...(signOff.screenshot ? [{ filename: screenshotFilename(signOff.id), base64: signOff.screenshot.base64, screenshot: true }] : []),
    ...(signOff.gallery?.images ?? []).map((image) => ({ filename: galleryFilename(signOff.id, image.name), base64: image.base64, screenshot: false })),
  ];
}

export interface JiraAttached {
  screenshot?: JiraAttachment;
  gallery: JiraAttachment[];
}

/**
 * The sign-off's screenshot and gallery images attached to the issue: those an earlier attempt
 * attached are reused (a retry after the comment failed must not attach them twice), the rest
 * uploaded now in one multipart/form-data request, each file in the field `file`, with the
 * X-Atlassian-Token header Jira requires against XSRF (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-attachments/).
 */
async function attachFiles(rest: JiraRest, key: string, signOff: SignOff): Promise<JiraAttached> {
  const files = filesOf(signOff);
  if (!files.length) return { gallery: [] };
  const existing = await issueAttachments(rest, key, signOff.ticket);
  const byName = new Map(existing.filter((a) => files.some((f) => f.filename === a.filename)).map((a) => [a.filename, a]));
  const missing = files.filter((f) => !byName.has(f.filename));
  if (missing.length) {
    const form = new FormData();
    for (const file of missing) form.append('file', new Blob([screenshotBytes(file.base64)], { type: 'image/png' }), file.filename);
    const doing = signOff.gallery ? 'attach the gallery\'s images' : 'attach the screenshot';
    const request = { tracker: rest.tracker, ticket: signOff.ticket, doing };
    const response = await trackerRequest(rest.deps, {
      ...request,
      url: `${rest.api}/issue/${key}/attachments`,
      method: 'POST',
      headers: { ...rest.auth, 'X-Atlassian-Token': 'no-check' },
      body: form,
    });
    const attached = await readTrackerJson(response, z.array(AttachmentSchema).check(z.minLength(1)), request);
    for (const a of attached) if (!byName.has(a.filename)) byName.set(a.filename, a);
  }
  // A file Jira renamed on upload is still named in the comment, without a link.
  const found = (filename: string): JiraAttachment => byName.get(filename) ?? { id: '', filename };
  const screenshot = files.find((f) => f.screenshot);
  return {
    ...(screenshot ? { screenshot: found(screenshot.filename) } : {}),
    gallery: files.filter((f) => !f.screenshot).map((f) => found(f.filename)),
  };
}

/** The issue's attachments as Jira lists them. */
async function issueAttachments(rest: JiraRest, key: string, ticket: string): Promise<JiraAttachment[]> {
  const request = { tracker: rest.tracker, ticket, doing: 'read the attachments' };
  const response = await trackerRequest(rest.deps, { ...request, url: `${rest.api}/issue/${key}?fields=attachment`, headers: rest.auth });
  return (await readTrackerJson(response, IssueAttachmentsSchema, request)).fields.attachment ?? [];
}

/** The screenshot an earlier attempt attached for this sign-off, if any. */
async function findAttachment(rest: JiraRest, key: string, signOff: SignOff): Promise<JiraAttachment | undefined> {
  const filename = screenshotFilename(signOff.id);
  return (await issueAttachments(rest, key, signOff.ticket)).find((a) => a.filename === filename);
}

/** Posts `{ body }` as a comment on the issue; the comment's id. */
export async function addComment(rest: JiraRest, key: string, ticket: string, body: unknown): Promise<string> {
  const request = { tracker: rest.tracker, ticket, doing: 'post the comment' };
  const response = await trackerRequest(rest.deps, { ...request, url: `${rest.api}/issue/${key}/comment`, method: 'POST', headers: rest.auth, json: { body } });
  return (await readTrackerJson(response, CommentSchema, request)).id;
}

/**
 * The ids of every comment whose body `matches`, oldest first (orderBy=created, which Cloud and
 * Data Center both take), reading the issue's comments page by page (startAt, maxResults,
 * total). Each page moves on by as many comments as it held, so a Jira that gives fewer than
 * asked for is read to the end all the same.
 */
async function findComments(rest: JiraRest, key: string, ticket: string, matches: (body: unknown) => boolean): Promise<{ id: string; body: string }[]> {
  const request = { tracker: rest.tracker, ticket, doing: 'read the comments' };
  const found: { id: string; body: string }[] = [];
  let startAt = 0;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const query = new URLSearchParams({ startAt: String(startAt), maxResults: String(PAGE_SIZE), orderBy: 'created' });
    const response = await trackerRequest(rest.deps, { ...request, url: `${rest.api}/issue/${key}/comment?${query}`, headers: rest.auth });
    const page = await readTrackerJson(response, CommentPageSchema, request);
    for (const c of page.comments) if (matches(c.body)) found.push({ id: c.id, body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body) });
    startAt = page.startAt + page.comments.length;
    if (!page.comments.length || startAt >= page.total) break;
  }
  return found;
}

/**
 * DELETE …/issue/{key}/comment/{id} (204). A comment already gone (404) is what was wanted.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-id-delete
 */
async function deleteComment(rest: JiraRest, key: string, ticket: string, id: string): Promise<void> {
  const request = { tracker: rest.tracker, ticket, doing: 'delete a second copy of the comment' };
  try {
    await trackerRequest(rest.deps, { ...request, url: `${rest.api}/issue/${key}/comment/${encodeURIComponent(id)}`, method: 'DELETE', headers: rest.auth });
  } catch (error) {
    if (error instanceof TrackerError && error.kind === 'ticket-not-found') return;
    throw error;
  }
}

/**
 * Whether a comment's text carries the marker, as a whole word: a longer id that merely
 * starts with this one is another sign-off.
 */
function hasMarker(text: string, marker: string): boolean {
  let at = text.indexOf(marker);
  for (; at >= 0; at = text.indexOf(marker, at + 1)) {
    if (!/[A-Za-z0-9]/.test(text.charAt(at + marker.length))) return true;
  }
  return false;
}

/** Cloud answers accountId and, unless the account hides it, emailAddress; Data Center name (the login) too. */
const MyselfSchema = z.object({ displayName: z.nullish(z.string()), emailAddress: z.nullish(z.string()), name: z.nullish(z.string()) });

/**
 * Who the token signs in as, from GET /myself, in words: "Jane Doe (jane@acme.com)". For "Test
 * connection": no issue is involved, so the failures that would name one are said again about
 * the account and the address.
 *
 * @example await whoAmI(rest) // 'Pat Owner (po@acme.example)'
 */
async function whoAmI(rest: JiraRest): Promise<string> {
  const request = { tracker: rest.tracker, ticket: new URL(rest.baseUrl).host, doing: 'check the token' };
  try {
    const response = await trackerRequest(rest.deps, { ...request, url: `${rest.api}/myself`, headers: rest.auth });
    const me = await readTrackerJson(response, MyselfSchema, request);
    const detail = me.emailAddress || me.name || undefined;
    const name = me.displayName || detail;
    if (!name) throw new TrackerError('invalid', `${rest.tracker.label} accepted the token but did not say whose it is; check the base URL in Settings.`);
    return detail && detail !== name ? `${name} (${detail})` : name;
  } catch (error) {
    throw accountFailure(error, rest);
  }
}

/** A 403 or 404 from /myself is about the account or the address, not about an issue. */
function accountFailure(error: unknown, rest: JiraRest): unknown {
  if (!(error instanceof TrackerError)) return error;
  const { label } = rest.tracker;
  if (error.kind === 'ticket-not-found') {
    return new TrackerError('invalid', `${label} has no REST API at ${rest.baseUrl} (it answered "not found"): check the base URL in Settings; it should be the address you open ${label} at.`, undefined, { cause: error });
  }
  if (error.kind === 'forbidden') {
    // After several failed sign-ins Jira wants a CAPTCHA and refuses tokens until it is solved
    // (X-Seraph-LoginReason: AUTHENTICATION_DENIED).
    return new TrackerError('forbidden', `${label} refused to say who the token belongs to: sign in to ${label} in the browser once (it may ask for a CAPTCHA after failed attempts), then test again.`, undefined, { cause: error });
  }
  return error;
}

/** The link a person opens to see the comment. */
export function commentUrl(baseUrl: string, key: string, id: string): string {
  return `${baseUrl}/browse/${key}?focusedCommentId=${encodeURIComponent(id)}`;
}

/** A base URL as the API paths are built on: no trailing slash. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

// The Jira trackers (and the bench) build their Authorization header with it.
export { basicAuth } from '../encoding';

/** What sets Jira Cloud (v3, ADF) and Data Center (v2, wiki markup) apart; the rest is one tracker. */
export interface JiraFlavour {
  id: 'jira-cloud' | 'jira-dc';
  label: string;
  /** A stored comment's text, where the marker is looked for (undefined when it has none to read). */
  textOf(body: unknown): string | undefined;
  /** The comment body for a sign-off, naming the screenshot and gallery images attached before it. */
  render(parts: CommentParts, attached: JiraAttached): unknown;
  /** The link a person opens to see the comment. */
  link(key: string, id: string): string;
}

/**
 * A Jira tracker: the screenshot is attached to the issue first (an earlier attempt's copy is
 * reused), then one comment that carries the sign-off's marker, which `findExisting` looks for.
 */
export function jiraTracker(rest: JiraRest, flavour: JiraFlavour): TicketTracker {
  const posted = (key: string, id: string, attachment: JiraAttachment | undefined): PostedComment =>
    ({ url: flavour.link(key, id), id, ...(attachment?.content ? { screenshotUrl: attachment.content } : {}) });
  /** Every comment carrying the sign-off's marker, oldest first, with the shared screenshot. */
  async function findAll(signOff: SignOff): Promise<FoundComment[]> {
    const key = issueKey(signOff.ticket, flavour.label);
    const marker = signOffMarker(signOff.id);
    const found = await findComments(rest, key, signOff.ticket, (body) => {
      const text = flavour.textOf(body);
      return text !== undefined && hasMarker(text, marker);
    });
    if (found.length === 0) return [];
    const attachment = signOff.screenshot ? await findAttachment(rest, key, signOff) : undefined;
    return found.map(({ id, body }) => ({ ...posted(key, id, attachment), body }));
  }

  return {
    id: flavour.id,
    label: flavour.label,
    uploadsScreenshots: true,

    findExisting: async (signOff) => {
      const [oldest] = await findAll(signOff);
      return oldest && postedOf(oldest);
    },
    findAll,

    async remove(signOff, comment) {
      await deleteComment(rest, issueKey(signOff.ticket, flavour.label), signOff.ticket, comment.id);
    },

    async post(signOff) {
      const key = issueKey(signOff.ticket, flavour.label);
      const attached = await attachFiles(rest, key, signOff);
      const id = await addComment(rest, key, signOff.ticket, flavour.render(commentParts(signOff), attached));
      return posted(key, id, attached.screenshot);
    },

    /** GET …/myself: "Jane Doe (jane@acme.com)", or the login name where Jira hides the address. */
    verify: () => whoAmI(rest),
  };
}
