import type { z } from '../../zod';
import { screenshotBytes } from '../encoding';
import { commentParts } from '../../signoff/format';
import { signOffMarker, type SignOff } from '../../signoff/signoff';
import { readTrackerJson, trackerRequest } from '../http';
import { markdownComment, markdownDestination } from '../markdown';
import { TrackerError, postedOf, type FoundComment, type PostedComment, type TicketTracker } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import {
  COMMENT_CREATE_MUTATION, COMMENT_DELETE_MUTATION, COMMENTS_QUERY, CommentDeleteAnswerSchema, CommentCreateAnswerSchema, CommentSchema, CommentsAnswerSchema,
  FILE_UPLOAD_MUTATION, FileUploadAnswerSchema, VIEWER_QUERY, ViewerAnswerSchema,
} from './api-schema';
import { LINEAR, linearFetch } from './errors';
import { uploadToStorage } from './storage';
import type { LinearTarget } from './target';

export interface LinearConfig {
  /** "https://api.linear.app": the GraphQL endpoint is `${apiUrl}/graphql`. */
  apiUrl: string;
  /** A personal API key ("lin_api_…"), sent as is in Authorization (no "Bearer"). */
  apiKey: string;
}

/** 20 000 comments (100 a page): far beyond any real issue; a server that pages on forever is refused. */
const MAX_PAGES = 200;

/**
 * Linear issues through the GraphQL API: the screenshot goes to Linear's file storage first
 * (fileUpload, then a PUT to the signed URL it gives), then one Markdown comment embeds it.
 * The API key goes to `apiUrl` only, never to the storage URL.
 *
 * @example createLinearTracker({ fetch }, { apiUrl: 'https://api.linear.app', apiKey }).post(signOff)
 */
export function createLinearTracker(deps: TrackerDeps, config: LinearConfig) {
  const apiUrl = config.apiUrl.replace(/\/+$/, '');
  const graphqlDeps: TrackerDeps = { ...deps, fetch: linearFetch(deps) };

  /** One operation; the answer checked against `schema` after Linear's errors became TrackerErrors. */
  async function graphql<T>(query: string, variables: Record<string, unknown>, schema: z.ZodMiniType<T>, ticket: string, doing: string): Promise<T> {
    const request = { tracker: LINEAR, ticket, doing };
    const response = await trackerRequest(graphqlDeps, { ...request, url: `${apiUrl}/graphql`, method: 'POST', headers: { Authorization: config.apiKey }, json: { query, variables } });
    return readTrackerJson(response, schema, request);
  }

  /** Every comment with the sign-off's marker, oldest first (by createdAt: Linear's order is not relied on). */
  async function findAll(signOff: SignOff): Promise<FoundComment[]> {
    const { ticket } = signOff;
    const issue = parseLinearTicket(ticket);
    const marker = signOffMarker(signOff.id);
    const mine: { node: Record<string, unknown>; at: number }[] = [];
    let after: string | null = null;
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) {
        throw new TrackerError('invalid', `Linear kept offering more pages of comments on ${ticket} after ${MAX_PAGES}; Flagtab stopped looking. Check the API address in Settings.`);
      }
      const variables: Record<string, unknown> = { issue, after };
      const { data } = await graphql(COMMENTS_QUERY, variables, CommentsAnswerSchema, ticket, 'read the comments');
      if (!data.issue) throw notFound(ticket);
      const { nodes, pageInfo } = data.issue.comments;
      for (const node of nodes) if (node.body?.includes(marker)) mine.push({ node, at: Date.parse(node.createdAt ?? '') });
      const next = pageInfo.endCursor;
      if (!pageInfo.hasNextPage || !next || next === after || nodes.length === 0) break;
      after = next;
    }
    // The oldest comment with the marker is Flagtab's; a later one is a copy or a reply quoting
    // it. Every page is read, so this does not depend on the order Linear lists comments in.
    return mine.sort((a, b) => (a.at || Infinity) - (b.at || Infinity)).map(({ node }) => {
      const comment = CommentSchema.safeParse(node);
      if (!comment.success) {
        throw new TrackerError('invalid', `Linear listed Flagtab's comment on ${ticket} without a usable id or link; check the API address in Settings.`, undefined, { cause: comment.error });
      }
      return { url: comment.data.url, id: comment.data.id, body: typeof node.body === 'string' ? node.body : '' };
    });
  }

  async function findExisting(signOff: SignOff): Promise<PostedComment | undefined> {
    const [oldest] = await findAll(signOff);
    return oldest && postedOf(oldest);
  }

  /** commentDelete(id:); a comment already gone ("Entity not found") is fine. */
  async function remove(signOff: SignOff, comment: PostedComment): Promise<void> {
    try {
      const { data } = await graphql(COMMENT_DELETE_MUTATION, { id: comment.id }, CommentDeleteAnswerSchema, signOff.ticket, 'delete a second copy of the comment');
      if (!data.commentDelete.success) throw new TrackerError('unavailable', `Linear answered that it did not delete the second copy of the comment on ${signOff.ticket}, without saying why.`);
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'ticket-not-found') return;
      throw error;
    }
  }

  async function post(signOff: SignOff): Promise<PostedComment> {
    const { ticket } = signOff;
    const issue = parseLinearTicket(ticket);
    // Were the comment refused, a retry uploads the screenshot again: the first copy stays in
    // Linear's storage, unlinked, which costs storage but loses nothing.
    const assetUrl = signOff.screenshot ? await uploadImage(signOff, `flagtab-${signOff.id}.png`, signOff.screenshot.base64) : undefined;
    const screenshot = assetUrl ? `![flagtab-${signOff.id}](${markdownDestination(assetUrl)})` : undefined;
    // The gallery's images the same way, each embedded under its file name (Flagtab's own: no escaping).
    const gallery: string[] = [];
    for (const image of signOff.gallery?.images ?? []) {
      const name = `flagtab-${signOff.id}-${image.name}`;
      gallery.push(`![${name}](${markdownDestination(await uploadImage(signOff, name, image.base64))})`);
    }
    const body = markdownComment(commentParts(signOff), { screenshot, ...(gallery.length ? { gallery: ['**Gallery**', ...gallery].join('\n\n') } : {}) });
    const { data } = await graphql(COMMENT_CREATE_MUTATION, { input: { issueId: issue, body } }, CommentCreateAnswerSchema, ticket, 'post the comment');
    const comment = data.commentCreate.comment;
    if (!data.commentCreate.success || !comment) {
      throw new TrackerError('unavailable', `Linear answered that it did not create the comment on ${ticket}, without saying why. Flagtab will try again.`);
    }
    return { url: comment.url, id: comment.id, ...(assetUrl ? { screenshotUrl: assetUrl } : {}) };
  }

  /** fileUpload for a signed URL, then the PNG's bytes PUT there: the asset URL the comment embeds. */
  async function uploadImage(signOff: SignOff, filename: string, base64: string): Promise<string> {
    const { ticket } = signOff;
    const bytes = screenshotBytes(base64);
    const doing = `upload ${filename}`;
    const variables = { contentType: 'image/png', filename, size: bytes.byteLength };
    const { data } = await graphql(FILE_UPLOAD_MUTATION, variables, FileUploadAnswerSchema, ticket, doing);
    const file = data.fileUpload.uploadFile;
    if (!data.fileUpload.success || !file) {
      throw new TrackerError('unavailable', `Linear did not give Flagtab a place to upload ${filename} for ${ticket}, without saying why. Flagtab will try again.`);
    }
    await uploadToStorage(deps, { url: file.uploadUrl, headers: file.headers, bytes, ticket });
    return file.assetUrl;
  }

  /** `viewer`: "Jane Doe (jane@acme.com)". */
  async function verify(): Promise<string> {
    const ticket = new URL(apiUrl).host;
    try {
      const { data } = await graphql(VIEWER_QUERY, {}, ViewerAnswerSchema, ticket, 'check the API key');
      const { name, email } = data.viewer;
      if (!name) return email || 'an unnamed Linear account';
      return email && email !== name ? `${name} (${email})` : name;
    } catch (error) {
      throw accountFailure(error, apiUrl);
    }
  }

  return { id: 'linear', label: 'Linear', uploadsScreenshots: true, findExisting, findAll, remove, post, verify } satisfies TicketTracker;
}


/**
 * The issue identifier ("ENG-12") as Linear's API takes it; anything else is refused before a
 * request is made.
 * @example parseLinearTicket('ENG-12') // 'ENG-12'
 */
export function parseLinearTicket(ticket: string): string {
  const id = ticket.trim();
  if (!/^[A-Za-z][A-Za-z0-9]{0,9}-[1-9]\d{0,9}$/.test(id)) {
    throw new TrackerError('ticket-not-found', `"${ticket.slice(0, 100)}" is not a Linear issue; write it as ENG-12.`);
  }
  return id.toUpperCase();
}

function notFound(ticket: string): TrackerError {
  return new TrackerError('ticket-not-found', `${ticket} was not found in Linear; ${LINEAR.notFound}.`);
}

/** A 403 or 404 from `viewer` is about the key or the address, not about an issue. */
function accountFailure(error: unknown, apiUrl: string): unknown {
  if (!(error instanceof TrackerError)) return error;
  if (error.kind === 'ticket-not-found') {
    return new TrackerError('invalid', `${apiUrl} is not Linear's API (it answered "not found" for /graphql): use https://api.linear.app.`, undefined, { cause: error });
  }
  if (error.kind === 'forbidden') {
    return new TrackerError('forbidden', 'Linear accepted the API key but will not say whose it is: create a key with the "Read" and "Write" permissions and paste it in Settings.', undefined, { cause: error });
  }
  return error;
}

/**
 * The tracker for a site's settings and its token (the registry's entry for this family). The
 * caller has checked that the token was saved for the settings' origin.
 */
export function linearFromTarget(target: z.infer<typeof LinearTarget>, token: string, deps: TrackerDeps): TicketTracker {
  return createLinearTracker(deps, { apiUrl: target.apiUrl, apiKey: token });
}
