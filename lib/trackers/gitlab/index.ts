import type { z } from '../../zod';
import { commentParts } from '../../signoff/format';
import { screenshotBytes } from '../encoding';
import { signOffMarker, type SignOff } from '../../signoff/signoff';
import { readTrackerJson, trackerRequest, type TrackerRequest } from '../http';
import { markdownComment } from '../markdown';
import { TrackerError, postedOf, type FoundComment, type PostedComment, type TicketTracker } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import { parseGitLabTicket } from './ticket';
import { CurrentUserSchema, NotePageSchema, NoteSchema, UploadSchema } from './api-schema';
import { GITLAB } from './errors';
import type { GitLabTarget } from './target';

export interface GitLabConfig {
  /** "https://gitlab.com", or a self-managed instance's address (with its path, if it has one). */
  baseUrl: string;
  token: string;
}

/** The most GitLab returns per page. */
const PAGE_SIZE = 100;
/** 20 000 notes: far beyond any real issue; a server that pages on forever is refused. */
const MAX_PAGES = 200;

/**
 * GitLab issues: the screenshot is uploaded to the project first, then one note embeds it
 * (REST API v4, a personal access token with the api scope in PRIVATE-TOKEN).
 *
 * @example createGitLabTracker({ fetch }, { baseUrl: 'https://gitlab.com', token }).post(signOff)
 */
export function createGitLabTracker(deps: TrackerDeps, config: GitLabConfig) {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const headers = { 'PRIVATE-TOKEN': config.token };
  const request = (init: Omit<TrackerRequest, 'tracker' | 'headers'>) => trackerRequest(deps, { ...init, headers, tracker: GITLAB });
  /** The project as the API names it: its full path, URL-encoded ("group%2Fsub%2Fproject"). */
  const projectApi = (path: string) => `${baseUrl}/api/v4/projects/${encodeURIComponent(path)}`;
  const noteUrl = (path: string, iid: number, id: number) => `${baseUrl}/${path}/-/issues/${iid}#note_${id}`;

  /** Every note (not GitLab's own) with the sign-off's marker, oldest first. */
  async function findAll(signOff: SignOff): Promise<FoundComment[]> {
    const { ticket } = signOff;
    const found: FoundComment[] = [];
    const { path, iid } = parseGitLabTicket(ticket);
    const marker = signOffMarker(signOff.id);
    const doing = 'read the comments';
    // Oldest first, so the first note with the marker is Flagtab's and not a reply quoting it.
    const query = new URLSearchParams({ per_page: String(PAGE_SIZE), sort: 'asc', order_by: 'created_at' });
    for (let page = 1; ; ) {
      query.set('page', String(page));
      const response = await request({ url: `${projectApi(path)}/issues/${iid}/notes?${query}`, ticket, doing });
      const notes = await readTrackerJson(response, NotePageSchema, { tracker: GITLAB, ticket, doing });
      for (const mine of notes.filter((n) => !n.system && n.body?.includes(marker))) {
        const note = NoteSchema.safeParse(mine);
        if (!note.success) {
          throw new TrackerError('invalid', `GitLab listed Flagtab's note on ${ticket} without a usable id; check the address in Settings.`, undefined, { cause: note.error });
        }
        found.push({ url: noteUrl(path, iid, note.data.id), id: String(note.data.id), body: mine.body ?? '' });
      }
      // X-Next-Page is empty on the last page (https://docs.gitlab.com/api/rest/#pagination).
      const next = Number(response.headers.get('X-Next-Page') || NaN);
      if (!Number.isInteger(next) || next <= page || notes.length === 0) return found;
      if (next > MAX_PAGES) {
        throw new TrackerError('invalid', `GitLab kept offering more pages of notes on ${ticket} after ${MAX_PAGES}; Flagtab stopped looking. Check the address in Settings.`);
      }
      page = next;
    }
  }

  async function findExisting(signOff: SignOff): Promise<PostedComment | undefined> {
    const [oldest] = await findAll(signOff);
    return oldest && postedOf(oldest);
  }

  /**
   * DELETE /projects/:id/issues/:issue_iid/notes/:note_id (204); one already gone is fine.
   * https://docs.gitlab.com/api/notes/#delete-an-issue-note
   */
  async function remove(signOff: SignOff, comment: PostedComment): Promise<void> {
    const { path, iid } = parseGitLabTicket(signOff.ticket);
    try {
      await request({ url: `${projectApi(path)}/issues/${iid}/notes/${encodeURIComponent(comment.id)}`, method: 'DELETE', ticket: signOff.ticket, doing: 'delete a second copy of the comment' });
    } catch (error) {
      if (error instanceof TrackerError && error.kind === 'ticket-not-found') return;
      throw error;
    }
  }

  /** POST /projects/:id/uploads: the file's Markdown (an image link GitLab wrote) and its address. */
  async function upload(path: string, ticket: string, filename: string, base64: string, doing: string): Promise<{ markdown: string; url: string }> {
    const form = new FormData();
    form.append('file', new Blob([screenshotBytes(base64)], { type: 'image/png' }), filename);
    const response = await request({ url: `${projectApi(path)}/uploads`, method: 'POST', body: form, ticket, doing });
    const { markdown, url, full_path } = await readTrackerJson(response, UploadSchema, { tracker: GITLAB, ticket, doing });
    return { markdown, url: full_path ? `${baseUrl}${full_path}` : `${baseUrl}/${path}${url}` };
  }

  async function post(signOff: SignOff): Promise<PostedComment> {
    const { ticket } = signOff;
    const { path, iid } = parseGitLabTicket(ticket);
    const screenshot = signOff.screenshot && await upload(path, ticket, `flagtab-${signOff.id}.png`, signOff.screenshot.base64, 'upload the screenshot');
    const gallery: string[] = [];
    for (const image of signOff.gallery?.images ?? []) {
      gallery.push((await upload(path, ticket, `flagtab-${signOff.id}-${image.name}`, image.base64, 'upload the gallery\'s images')).markdown);
    }
    // Were the note refused, a retry uploads the images again: GitLab keeps the first copies,
    // unlinked, which costs storage but loses nothing.
    const body = markdownComment(commentParts(signOff), {
      ...(screenshot ? { screenshot: screenshot.markdown } : {}),
      ...(gallery.length ? { gallery: ['**Gallery**', ...gallery].join('\n\n') } : {}),
    });
    const doing = 'post the comment';
    const response = await request({ url: `${projectApi(path)}/issues/${iid}/notes`, method: 'POST', json: { body }, ticket, doing });
    const note = await readTrackerJson(response, NoteSchema, { tracker: GITLAB, ticket, doing });
    return { url: noteUrl(path, iid, note.id), id: String(note.id), ...(screenshot ? { screenshotUrl: screenshot.url } : {}) };
  }

  /** GET /api/v4/user: "Jane Doe (@jdoe)". */
  async function verify(): Promise<string> {
    const ticket = new URL(baseUrl).host;
    const doing = 'check the token';
    try {
      const response = await request({ url: `${baseUrl}/api/v4/user`, ticket, doing });
      const user = await readTrackerJson(response, CurrentUserSchema, { tracker: GITLAB, ticket, doing });
      return user.name ? `${user.name} (@${user.username})` : `@${user.username}`;
    } catch (error) {
      throw accountFailure(error, baseUrl);
    }
  }

  return { id: 'gitlab', label: 'GitLab', uploadsScreenshots: true, findExisting, findAll, remove, post, verify } satisfies TicketTracker;
}


/** A 403 or 404 from /user is about the token's scopes or the address, not about an issue. */
function accountFailure(error: unknown, baseUrl: string): unknown {
  if (!(error instanceof TrackerError)) return error;
  if (error.kind === 'ticket-not-found') {
    return new TrackerError('invalid', `${baseUrl} has no GitLab API (it answered "not found" for /api/v4/user): check the address in Settings; it should be the address you open GitLab at.`, undefined, { cause: error });
  }
  if (error.kind === 'forbidden') {
    return new TrackerError('forbidden', 'GitLab accepted the token but it may not do enough: create one with the api scope (read_api cannot comment) and paste it in Settings.', undefined, { cause: error });
  }
  return error;
}

/**
 * The tracker for a site's settings and its token (the registry's entry for this family). The
 * caller has checked that the token was saved for the settings' origin.
 */
export function gitLabFromTarget(target: z.infer<typeof GitLabTarget>, token: string, deps: TrackerDeps): TicketTracker {
  return createGitLabTracker(deps, { baseUrl: target.baseUrl, token });
}
