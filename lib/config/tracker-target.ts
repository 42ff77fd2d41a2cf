import { z } from 'zod';
import { BaseUrl } from '../url-schema';

/**
 * Where a site's QA sign-offs go: one issue tracker per site. As with catalogues, tokens are not
 * part of this; they live in the secrets store under the site's "tracker" slot, bound to the
 * tracker's origin.
 */
const JiraCloud = z.object({
  tracker: z.literal('jira-cloud'),
  baseUrl: BaseUrl('https://acme.atlassian.net').describe('Your Jira Cloud site.'),
  email: z.email('must be the e-mail address of the Atlassian account the API token belongs to').describe('The Atlassian account the API token belongs to.'),
});
const JiraDataCenter = z.object({
  tracker: z.literal('jira-dc'),
  baseUrl: BaseUrl('https://jira.example.com').describe('Your Jira Data Center or Server, without /rest.'),
});
const GitHub = z.object({
  tracker: z.literal('github'),
  apiUrl: BaseUrl('https://api.github.com').default('https://api.github.com').describe('GitHub\'s API; https://HOST/api/v3 for GitHub Enterprise Server.'),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repo').optional().describe('The repository a bare "#12" refers to.'),
});
const GitLab = z.object({
  tracker: z.literal('gitlab'),
  baseUrl: BaseUrl('https://gitlab.com').default('https://gitlab.com').describe('GitLab, or your own instance.'),
  project: z.string().regex(/^[\w.-]+(\/[\w.-]+)+$/, 'must be a project path like group/project').optional().describe('The project a bare "#7" refers to.'),
});
const Linear = z.object({
  tracker: z.literal('linear'),
  apiUrl: BaseUrl('https://api.linear.app').default('https://api.linear.app').describe('Linear\'s API host.'),
});
const AzureDevOps = z.object({
  tracker: z.literal('azure-devops'),
  baseUrl: BaseUrl('https://dev.azure.com').default('https://dev.azure.com').describe('Azure DevOps Services, or your server\'s collection URL.'),
  organization: z.string().trim().min(1, 'must name the organization').max(200).describe('As in dev.azure.com/<organization>.'),
  project: z.string().trim().min(1, 'must name the project').max(200).describe('The project whose work items you sign off.'),
});

export const TrackerTargetSchema = z.discriminatedUnion('tracker', [JiraCloud, JiraDataCenter, GitHub, GitLab, Linear, AzureDevOps]);
export type TrackerTarget = z.infer<typeof TrackerTargetSchema>;

/** The origin a tracker's token is sent to (and bound to in the secrets store). */
export function trackerOrigin(target: TrackerTarget): string {
  const url = 'baseUrl' in target ? target.baseUrl : target.apiUrl;
  return new URL(url).origin;
}

/**
 * Which instance of its kind a tracker is: two sites on the same kind of tracker post to the
 * same place only when these are equal. The origin, plus Azure DevOps' organization and project
 * (one origin serves them all). Tickets name their project or repository themselves
 * ("SHOP-1", "acme/shop#12"), so the others need only the origin. A Linear workspace is chosen
 * by the API key, not the address: two workspaces share https://api.linear.app.
 *
 * @example trackerAddress({ tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net/', email }) // 'https://acme.atlassian.net'
 */
export function trackerAddress(target: TrackerTarget): string {
  const origin = trackerOrigin(target);
  if (target.tracker !== 'azure-devops') return origin;
  const base = new URL(target.baseUrl);
  const path = base.pathname.replace(/\/+$/, '');
  return `${origin}${path}/${encodeURIComponent(target.organization)}/${encodeURIComponent(target.project)}`;
}

/** Where Linear's `fileUpload` hands out upload addresses (signed, so no token goes there). */
export const LINEAR_UPLOAD_ORIGIN = 'https://uploads.linear.app';

/**
 * Every origin Flagtab calls for this tracker: host access to each is asked for when the site is
 * saved (an extension's fetch to an origin it may not access meets CORS, which trackers' APIs do
 * not open to extensions). Linear's screenshots go to an upload host of their own.
 *
 * @example trackerAccessOrigins({ tracker: 'linear', apiUrl: 'https://api.linear.app' }) // ['https://api.linear.app', 'https://uploads.linear.app']
 */
export function trackerAccessOrigins(target: TrackerTarget): string[] {
  const origin = trackerOrigin(target);
  return target.tracker === 'linear' && origin === 'https://api.linear.app' ? [origin, LINEAR_UPLOAD_ORIGIN] : [origin];
}
