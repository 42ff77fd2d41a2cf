import type { z } from '../../zod';
import { commentParts } from '../../signoff/format';
import { signOffMarker, type SignOff } from '../../signoff/signoff';
import { readTrackerJson, trackerRequest, type TrackerRequest } from '../http';
import { markdownComment } from '../markdown';
import { TrackerError, postedOf, type FoundComment, type PostedComment, type TicketTracker } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import { parseGitHubTicket } from './ticket';
import { AuthenticatedUserSchema, CommentPageSchema, IssueCommentSchema } from './api-schema';
import { GITHUB, gitHubFetch, gitHubRefine } from './errors';
import type { GitHubTarget } from './target';

export interface GitHubConfig {
  /** "https://api.github.com", or "https://github.example.com/api/v3" for GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
}

/** Pins the answers' shape (https://docs.github.com/rest/about-the-rest-api/api-versions). */
const API_VERSION = '2022-11-28';
/** The most GitHub returns per page. */
const PAGE_SIZE = 100;
/** 20 000 comments: far beyond any real issue; a server that pages on forever is refused. */
const MAX_PAGES = 200;

/** Said in the comment when the sign-off has a screenshot that GitHub cannot take. */
export const SCREENSHOT_KEPT_LOCALLY = "_A screenshot was taken; it is kept in Flagtab's sign-off history, because GitHub's REST API cannot upload images._";

/**
 * Where an attached gallery's images are, said in the comment: GitHub cannot take them, and the
 * outbox does not keep them after the post, so the gallery on the tester's browser is where they are.
 */
export function galleryKeptLocally(count: number): string {
  return `_The run's ${count} image${count === 1 ? '' : 's'} (each step's capture and the contact sheet) were not uploaded, because GitHub's REST API cannot upload images; they are in Flagtab's gallery on the tester's browser, which keeps the latest runs._`;
}

/**
 * GitHub Issues: a Markdown comment on "owner/repo#123" through the REST API. Screenshots are
 * not uploaded (the API has no way to), so the comment says where the screenshot is kept.
 *
 * @example createGitHubTracker({ fetch }, { apiUrl: 'https://api.github.com', token }).post(signOff)
 */
export function createGitHubTracker(deps: TrackerDeps, config: GitHubConfig) {
  const apiUrl = config.apiUrl.replace(/\/+$/, '');
  const headers = { Authorization: `Bearer ${config.token}`, Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': API_VERSION };

  /** One request through the shared client, with GitHub's rate-limit 403s and its 410 and 301 understood. */
  async function request(init: Omit<TrackerRequest, 'tracker' | 'headers'>): Promise<Response> {
    let status: number | undefined;
    try {
      return await trackerRequest({ ...deps, fetch: gitHubFetch(deps, (s) => (status = s)) }, { ...init, headers, tracker: GITHUB });
    } catch (error) {
      throw gitHubRefine(error, status, init.ticket);
    }
  }

  const commentsUrl = (ticket: string) => {
    const { owner, repo, number } = parseGitHubTicket(ticket);
    return `${apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues/${number}/comments`;
  };

  /** Every comment with the sign-off's marker, oldest first (GitHub lists comments oldest first). */
  async function findAll(signOff: SignOff): Promise<FoundComment[]> {
    const marker = signOffMarker(signOff.id);
    const ticket = signOff.ticket;
    const found: FoundComment[] = [];
    const visited = new Set<string>();
    let url: string | undefined = `${commentsUrl(ticket)}?per_page=${PAGE_SIZE}`;
    while (url && !visited.has(url)) {
      if (visited.size >= MAX_PAGES) {
        throw new TrackerError('invalid', `GitHub kept offering more pages of comments on ${ticket} after ${MAX_PAGES}; Flagtab stopped looking. Check the API address in Settings.`);
      }
      visited.add(url);
      const doing = 'read the comments';
      const response = await request({ url, ticket, doing });
      const page = await readTrackerJson(response, CommentPageSchema, { tracker: GITHUB, ticket, doing });
      // Comments come oldest first: the first with the marker is the one Flagtab posted, not a
      // later reply that quotes it (convergeComments deletes only exact copies).
      for (const comment of page) {
        if (comment.body?.includes(marker)) found.push({ ...posted(IssueCommentSchema.safeParse(comment), ticket), body: comment.body });
      }
      const next = nextLink(response.headers.get('Link'));
      url = next && page.length > 0 ? onApiOrigin(next, apiUrl) : undefined;
    }
    return found;
  }

  async function findExisting(signOff: SignOff): Promise<PostedComment | undefined> {
    const [oldest] = await findAll(signOff);
    return oldest && postedOf(oldest);
  }

  /**
   * DELETE /repos/{owner}/{repo}/issues/comments/{comment_id} (204); one already gone is fine.
   * https://docs.github.com/rest/issues/comments#delete-an-issue-comment
   */
  async function remove(signOff: SignOff, comment: PostedComment): Promise<void> {
    const { owner, repo } = parseGitHubTicket(signOff.ticket);
    const url = `${apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues/comments/${encodeURIComponent(comment.id)}`;
    try {
      await request({ url, method: 'DELETE', ticket: signOff.ticket, doing: 'delete a second copy of the comment' });
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'ticket-not-found') return;
      throw error;
    }
  }

  async function post(signOff: SignOff): Promise<PostedComment> {
    const images = signOff.gallery?.images?.length ?? 0;
    const body = markdownComment(commentParts(signOff), {
      screenshot: signOff.screenshot ? SCREENSHOT_KEPT_LOCALLY : undefined,
      ...(images ? { gallery: galleryKeptLocally(images) } : {}),
    });
    const ticket = signOff.ticket;
    const doing = 'post the comment';
    const response = await request({ url: commentsUrl(ticket), method: 'POST', json: { body }, ticket, doing });
    const comment = await readTrackerJson(response, IssueCommentSchema, { tracker: GITHUB, ticket, doing });
    return { url: comment.html_url, id: String(comment.id) };
  }

  /** GET /user: "Jane Doe (octocat)", or the login alone when the account has no name. */
  async function verify(): Promise<string> {
    const ticket = new URL(apiUrl).host;
    const doing = 'check the token';
    try {
      const response = await request({ url: `${apiUrl}/user`, ticket, doing });
      const user = await readTrackerJson(response, AuthenticatedUserSchema, { tracker: GITHUB, ticket, doing });
      return user.name && user.name !== user.login ? `${user.name} (${user.login})` : user.login;
    } catch (error) {
      // No issue is involved: a "not found" here means the address is not GitHub's API.
      if (error instanceof TrackerError && error.kind === 'ticket-not-found') {
        throw new TrackerError('invalid', `${apiUrl} is not GitHub's API (it answered "not found" for /user): use https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.`, undefined, { cause: error });
      }
      throw error;
    }
  }

  return { id: 'github', label: 'GitHub', uploadsScreenshots: false, findExisting, findAll, remove, post, verify } satisfies TicketTracker;
}


function posted(comment: ReturnType<typeof IssueCommentSchema.safeParse>, ticket: string): PostedComment {
  if (!comment.success) {
    throw new TrackerError('invalid', `GitHub listed Flagtab's comment on ${ticket} without a usable id or link; check the API address in Settings.`, undefined, { cause: comment.error });
  }
  return { url: comment.data.html_url, id: String(comment.data.id) };
}

/** The rel="next" target of a Link header (RFC 8288), as GitHub pages its lists. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const [, target, params] of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(params!)?.[1];
    if (rel?.split(/\s+/).includes('next')) return target;
  }
  return undefined;
}

/** A page link resolved against the API, refused if it leaves the API's origin: the token goes nowhere else. */
function onApiOrigin(link: string, apiUrl: string): string {
  const origin = new URL(apiUrl).origin;
  let url: URL;
  try {
    url = new URL(link, `${apiUrl}/`);
  } catch (error) {
    throw new TrackerError('invalid', `GitHub's link to the next page of comments is not a URL ("${link.slice(0, 100)}"); check the API address in Settings.`, undefined, { cause: error });
  }
  if (url.origin !== origin) {
    throw new TrackerError('invalid', `GitHub's next page of comments points at ${url.origin}, not ${origin}; Flagtab does not send your token anywhere else. Check the API address in Settings.`);
  }
  return url.href;
}

/**
 * The tracker for a site's settings and its token (the registry's entry for this family). The
 * caller has checked that the token was saved for the settings' origin.
 */
export function gitHubFromTarget(target: z.infer<typeof GitHubTarget>, token: string, deps: TrackerDeps): TicketTracker {
  return createGitHubTracker(deps, { apiUrl: target.apiUrl, token });
}
