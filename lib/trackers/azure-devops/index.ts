import type { z } from '../../zod';
import { commentParts } from '../../signoff/format';
import { basicAuth, screenshotBytes } from '../encoding';
import { signOffMarker, type SignOff } from '../../signoff/signoff';
import { readTrackerJson, trackerRequest, type TrackerRequest } from '../http';
import { markdownComment, markdownDestination } from '../markdown';
import { TrackerError, postedOf, type FoundComment, type PostedComment, type TicketTracker } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import { AreaNodeSchema, AttachmentSchema, CommentListSchema, CommentSchema, ConnectionDataSchema } from './api-schema';
import { AZURE_DEVOPS, adoFetch, adoRefine, type AdoAnswer } from './errors';
import type { AzureDevOpsTarget } from './target';

export interface AzureDevOpsConfig {
  /** "https://dev.azure.com", or an Azure DevOps Server's address (its collection is the organization). */
  baseUrl: string;
  organization: string;
  project: string;
  /** A personal access token with the "Work Items: Read & write" scope. */
  token: string;
}

/** Comments (and Add Comment's `format`) are a preview API; attachments and areas are not. */
const COMMENTS_API = '7.1-preview.4';
const API = '7.1';
/** The most Get Comments returns per page. */
const PAGE_SIZE = 200;
/** 20 000 comments: far beyond any real work item; a server that pages on forever is refused. */
const MAX_PAGES = 100;

/**
 * Azure Boards work items through the REST API, with a personal access token (Basic auth, empty
 * user name). The screenshot is uploaded as an attachment, then one Markdown comment
 * (`format=markdown`, documented for Add Work Item Comment in 7.1-preview.4) embeds it. The
 * attachment is not also linked to the work item: a retry would upload and link it again, and
 * the work item would list each copy, while an embedded image needs no link.
 *
 * @example createAzureDevOpsTracker({ fetch }, { baseUrl: 'https://dev.azure.com', organization: 'acme', project: 'Shop', token }).post(signOff)
 */
export function createAzureDevOpsTracker(deps: TrackerDeps, config: AzureDevOpsConfig) {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const orgUrl = `${baseUrl}/${encodeURIComponent(config.organization)}`;
  const projectUrl = `${orgUrl}/${encodeURIComponent(config.project)}`;
  const where = { organization: config.organization, project: config.project, host: new URL(baseUrl).host };
  // Suppress: a rejected token gets a 401, not a redirect to the sign-in page.
  const auth = { Authorization: basicAuth('', config.token), 'X-TFS-FedAuthRedirect': 'Suppress' };

  /** One request through the shared client, with Azure DevOps' sign-in answers and its "not found"s understood. */
  async function request(init: Omit<TrackerRequest, 'tracker'>): Promise<Response> {
    const last: AdoAnswer = {};
    try {
      return await trackerRequest({ ...deps, fetch: adoFetch(deps, last) }, { ...init, headers: { ...auth, ...init.headers }, tracker: AZURE_DEVOPS });
    } catch (error) {
      throw adoRefine(error, last, where);
    }
  }

  /**
   * Where a person sees the comment: the work item's page. The API gives each comment only a
   * REST `url` (JSON, not a page), and the web UI has no documented link to one comment.
   */
  const workItemPage = (id: number) => `${projectUrl}/_workitems/edit/${id}`;

  /** Every comment with the sign-off's marker, oldest first (order=asc). */
  async function findAll(signOff: SignOff): Promise<FoundComment[]> {
    const id = parseAzureDevOpsTicket(signOff.ticket);
    const found: FoundComment[] = [];
    const ticket = `work item ${id}`;
    const marker = signOffMarker(signOff.id);
    const doing = 'read the comments';
    // Oldest first, so the first comment with the marker is Flagtab's and not a reply quoting it.
    const query = new URLSearchParams({ $top: String(PAGE_SIZE), order: 'asc', 'api-version': COMMENTS_API });
    const tokens = new Set<string>();
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES) {
        throw new TrackerError('invalid', `Azure DevOps kept offering more pages of comments on ${ticket} after ${MAX_PAGES}; Flagtab stopped looking. Check the address in Settings.`);
      }
      const response = await request({ url: `${projectUrl}/_apis/wit/workItems/${id}/comments?${query}`, ticket, doing });
      const list = await readTrackerJson(response, CommentListSchema, { tracker: AZURE_DEVOPS, ticket, doing });
      for (const mine of list.comments.filter((comment) => comment.text?.includes(marker))) {
        const comment = CommentSchema.safeParse(mine);
        if (!comment.success) {
          throw new TrackerError('invalid', `Azure DevOps listed Flagtab's comment on ${ticket} without a usable id; check the address in Settings.`, undefined, { cause: comment.error });
        }
        found.push({ url: workItemPage(id), id: String(comment.data.id), body: mine.text ?? '' });
      }
      const next = list.continuationToken;
      if (!next || tokens.has(next) || list.comments.length === 0) return found;
      tokens.add(next);
      query.set('continuationToken', next);
    }
  }

  async function findExisting(signOff: SignOff): Promise<PostedComment | undefined> {
    const [oldest] = await findAll(signOff);
    return oldest && postedOf(oldest);
  }

  /**
   * DELETE …/workItems/{id}/comments/{commentId} (200); one already gone is fine.
   * https://learn.microsoft.com/rest/api/azure/devops/wit/comments/delete
   */
  async function remove(signOff: SignOff, comment: PostedComment): Promise<void> {
    const id = parseAzureDevOpsTicket(signOff.ticket);
    const query = new URLSearchParams({ 'api-version': COMMENTS_API });
    try {
      await request({ url: `${projectUrl}/_apis/wit/workItems/${id}/comments/${encodeURIComponent(comment.id)}?${query}`, method: 'DELETE', ticket: `work item ${id}`, doing: 'delete a second copy of the comment' });
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'ticket-not-found') return;
      throw error;
    }
  }

  async function post(signOff: SignOff): Promise<PostedComment> {
    const id = parseAzureDevOpsTicket(signOff.ticket);
    const ticket = `work item ${id}`;
    // Were the comment refused, a retry uploads the screenshot again: the first copy stays,
    // unlinked, which costs storage but loses nothing.
    const attachment = signOff.screenshot ? await uploadImage(`flagtab-${signOff.id}.png`, signOff.screenshot.base64, ticket) : undefined;
    const screenshot = attachment ? `![flagtab-${signOff.id}](${markdownDestination(attachment.url)})` : undefined;
    // The gallery's images the same way, each embedded under its file name (Flagtab's own: no escaping).
    const gallery: string[] = [];
    for (const image of signOff.gallery?.images ?? []) {
      const name = `flagtab-${signOff.id}-${image.name}`;
      gallery.push(`![${name}](${markdownDestination((await uploadImage(name, image.base64, ticket)).url)})`);
    }
    const text = markdownComment(commentParts(signOff), { screenshot, ...(gallery.length ? { gallery: ['**Gallery**', ...gallery].join('\n\n') } : {}) });
    const doing = 'post the comment';
    const query = new URLSearchParams({ format: 'markdown', 'api-version': COMMENTS_API });
    const response = await request({ url: `${projectUrl}/_apis/wit/workItems/${id}/comments?${query}`, method: 'POST', json: { text }, ticket, doing });
    const comment = await readTrackerJson(response, CommentSchema, { tracker: AZURE_DEVOPS, ticket, doing });
    return { url: workItemPage(id), id: String(comment.id), ...(attachment ? { screenshotUrl: attachment.url } : {}) };
  }

  async function uploadImage(fileName: string, base64Png: string, ticket: string) {
    const doing = `upload ${fileName}`;
    const query = new URLSearchParams({ fileName, 'api-version': API });
    const response = await request({
      url: `${projectUrl}/_apis/wit/attachments?${query}`, method: 'POST', headers: { 'Content-Type': 'application/octet-stream' },
      body: screenshotBytes(base64Png), ticket, doing,
    });
    return readTrackerJson(response, AttachmentSchema, { tracker: AZURE_DEVOPS, ticket, doing });
  }

  /**
   * connectionData names the account: "Jane Doe (jane@acme.com)". The project's root area is read
   * too, so a mistyped organization or project shows here and not at the first sign-off.
   */
  async function verify(): Promise<string> {
    const ticket = where.host;
    const doing = 'check the token';
    let response: Response;
    try {
      response = await request({ url: `${orgUrl}/_apis/connectionData`, ticket, doing });
    } catch (error) {
      throw error instanceof TrackerError && error.kind === 'needs-setup' ? organizationMissing(error) : error;
    }
    const { authenticatedUser: user } = await readTrackerJson(response, ConnectionDataSchema, { tracker: AZURE_DEVOPS, ticket, doing });
    if (!user.descriptor || /UnauthenticatedIdentity/i.test(user.descriptor)) {
      throw new TrackerError('token-rejected', `Azure DevOps did not accept the token for the organization "${config.organization}"; ${AZURE_DEVOPS.newToken}.`);
    }
    const name = user.providerDisplayName || user.properties?.Account?.$value || 'an unnamed account';
    const account = user.properties?.Account?.$value;
    const area = await request({ url: `${projectUrl}/_apis/wit/classificationnodes/areas?${new URLSearchParams({ $depth: '0', 'api-version': API })}`, ticket, doing: 'read the project' });
    await readTrackerJson(area, AreaNodeSchema, { tracker: AZURE_DEVOPS, ticket, doing: 'read the project' });
    return account && account !== name ? `${name} (${account})` : name;
  }

  function organizationMissing(error: TrackerError): TrackerError {
    return new TrackerError('needs-setup', `Azure DevOps (${where.host}) has no organization "${config.organization}" that the token's account can see: check the organization (and the address, for Azure DevOps Server) in Settings.`, undefined, { cause: error });
  }

  return { id: 'azure-devops', label: 'Azure DevOps', uploadsScreenshots: true, findExisting, findAll, remove, post, verify } satisfies TicketTracker;
}


/**
 * The work item's id ("4711"); anything else is refused before a request is made.
 * @example parseAzureDevOpsTicket('4711') // 4711
 */
export function parseAzureDevOpsTicket(ticket: string): number {
  const id = ticket.trim();
  if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2 ** 31 - 1) {
    throw new TrackerError('ticket-not-found', `"${ticket.slice(0, 100)}" is not an Azure DevOps work item; write its ID, like 4711.`);
  }
  return Number(id);
}

/**
 * The tracker for a site's settings and its token (the registry's entry for this family). The
 * caller has checked that the token was saved for the settings' origin.
 */
export function azureDevOpsFromTarget(target: z.infer<typeof AzureDevOpsTarget>, token: string, deps: TrackerDeps): TicketTracker {
  return createAzureDevOpsTracker(deps, { baseUrl: target.baseUrl, organization: target.organization, project: target.project, token });
}
