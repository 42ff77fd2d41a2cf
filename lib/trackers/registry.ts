import { TRACKER_LABELS } from '../config/tracker-help';
import type { TrackerTarget } from '../config/tracker-target';
import { createAzureDevOpsTracker } from './azure-devops';
import { createGitHubTracker, parseGitHubTicket } from './github';
import { createGitLabTracker, parseGitLabTicket } from './gitlab';
import { createJiraCloudTracker } from './jira-cloud';
import { issueKey } from './jira-cloud/rest';
import { createJiraDataCenterTracker } from './jira-dc';
import { createLinearTracker } from './linear';
import { TrackerError, type TicketTracker, type TrackerId } from '../signoff/tracker';
import type { TrackerDeps } from './types';

/**
 * What the side panel says about each tracker, before any request. The names come from
 * lib/config/tracker-help.ts, which the options page reads without bundling the trackers.
 */
export const TRACKER_INFO: Record<TrackerId, { label: string; uploadsScreenshots: boolean; ticketExample: string }> = {
  'jira-cloud': { label: TRACKER_LABELS['jira-cloud'], uploadsScreenshots: true, ticketExample: 'SHOP-142' },
  'jira-dc': { label: TRACKER_LABELS['jira-dc'], uploadsScreenshots: true, ticketExample: 'SHOP-142' },
  github: { label: TRACKER_LABELS.github, uploadsScreenshots: false, ticketExample: 'acme/shop#12' },
  gitlab: { label: TRACKER_LABELS.gitlab, uploadsScreenshots: true, ticketExample: 'group/project#7' },
  linear: { label: TRACKER_LABELS.linear, uploadsScreenshots: true, ticketExample: 'ENG-12' },
  'azure-devops': { label: TRACKER_LABELS['azure-devops'], uploadsScreenshots: true, ticketExample: '4711' },
};

/**
 * The tracker a site's sign-offs go to, with its token. The caller has checked that the token
 * was saved for `trackerOrigin(target)`: each factory sends it to that origin only.
 */
export function createTracker(target: TrackerTarget, token: string, deps: TrackerDeps): TicketTracker {
  switch (target.tracker) {
    case 'jira-cloud':
      return createJiraCloudTracker(deps, { baseUrl: target.baseUrl, email: target.email, apiToken: token });
    case 'jira-dc':
      return createJiraDataCenterTracker(deps, { baseUrl: target.baseUrl, personalAccessToken: token });
    case 'github':
      return createGitHubTracker(deps, { apiUrl: target.apiUrl, token });
    case 'gitlab':
      return createGitLabTracker(deps, { baseUrl: target.baseUrl, token });
    case 'linear':
      return createLinearTracker(deps, { apiUrl: target.apiUrl, apiKey: token });
    case 'azure-devops':
      return createAzureDevOpsTracker(deps, { baseUrl: target.baseUrl, organization: target.organization, project: target.project, token });
  }
}

export type TicketCheck = { ok: true; ticket: string } | { ok: false; message: string };

/**
 * The ticket as the tracker names it, from what a person types or pastes: a key in any case, a
 * bare "#12" on a site with a default repository or project, or the ticket's web address.
 *
 * @example normalizeTicket({ tracker: 'github', apiUrl: 'https://api.github.com', repo: 'acme/shop' }, '#12') // { ok: true, ticket: 'acme/shop#12' }
 * @example normalizeTicket(jira, 'https://acme.atlassian.net/browse/shop-142') // { ok: true, ticket: 'SHOP-142' }
 */
export function normalizeTicket(target: TrackerTarget, raw: string): TicketCheck {
  const text = raw.trim();
  const { label, ticketExample } = TRACKER_INFO[target.tracker];
  if (!text) return { ok: false, message: `Name the ticket, e.g. ${ticketExample}.` };
  try {
    return { ok: true, ticket: canonical(target, text) };
  } catch (error) {
    if (error instanceof TrackerError) return { ok: false, message: error.message };
    return { ok: false, message: `"${text.slice(0, 100)}" is not a ${label} ticket; write it as ${ticketExample}.` };
  }
}

function canonical(target: TrackerTarget, text: string): string {
  const path = pathOf(text);
  const refuse = (): never => {
    const { label, ticketExample } = TRACKER_INFO[target.tracker];
    throw new TrackerError('ticket-not-found', `"${text.slice(0, 100)}" is not a ${label} ticket; write it as ${ticketExample}.`);
  };
  switch (target.tracker) {
    case 'jira-cloud':
    case 'jira-dc': {
      // .../browse/SHOP-142 or ...?selectedIssue=SHOP-142
      const key = /(?:^|\/browse\/|selectedIssue=)([A-Za-z][A-Za-z0-9_]*-[1-9]\d*)(?:$|[/?#&])/.exec(text)?.[1] ?? text;
      return issueKey(key, TRACKER_INFO[target.tracker].label);
    }
    case 'github': {
      const fromUrl = /^\/([^/]+)\/([^/]+)\/(?:issues|pull)\/(\d+)/.exec(path ?? '');
      const ticket = fromUrl ? `${fromUrl[1]}/${fromUrl[2]}#${fromUrl[3]}` : withDefault(text, target.repo, 'owner/repo', 'repository');
      const { owner, repo, number } = parseGitHubTicket(ticket);
      return `${owner}/${repo}#${number}`;
    }
    case 'gitlab': {
      const fromUrl = /^\/(.+?)\/-\/(?:issues|work_items)\/(\d+)/.exec(path ?? '');
      const ticket = fromUrl ? `${fromUrl[1]}#${fromUrl[2]}` : withDefault(text, target.project, 'group/project', 'project');
      const { path: project, iid } = parseGitLabTicket(ticket);
      return `${project}#${iid}`;
    }
    case 'linear': {
      // https://linear.app/acme/issue/ENG-12/some-title
      const id = (path ? /\/issue\/([A-Za-z0-9]+-\d+)/.exec(path)?.[1] : text) ?? '';
      if (!/^[A-Za-z][A-Za-z0-9]{0,9}-[1-9]\d{0,9}$/.test(id)) refuse();
      return id.toUpperCase();
    }
    case 'azure-devops': {
      // .../_workitems/edit/4711, "#4711", "AB#4711" (the GitHub-integration spelling) or "4711"
      const id = (path ? /\/_workitems\/edit\/(\d+)/i.exec(path)?.[1] : /^(?:AB)?#?(\d+)$/i.exec(text)?.[1]) ?? '';
      if (!/^[1-9]\d{0,9}$/.test(id)) refuse();
      return id;
    }
  }
}

/** The path of a pasted web address; undefined for anything that is not one. */
function pathOf(text: string): string | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    return new URL(text).pathname;
  } catch {
    return undefined;
  }
}

/** "#12" or "12" with a default "owner/repo" → "owner/repo#12"; anything else as it is. */
function withDefault(text: string, project: string | undefined, shape: string, what: string): string {
  const bare = /^#?([1-9]\d{0,9})$/.exec(text);
  if (!bare) return text;
  if (!project) throw new TrackerError('ticket-not-found', `Write the ticket as ${shape}#${bare[1]}, or set a default ${what} for this site in Flagtab's settings.`);
  return `${project}#${bare[1]}`;
}
