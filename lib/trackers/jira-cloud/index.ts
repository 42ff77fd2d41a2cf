import type { z } from '../../zod';
import { describeFor } from '../http';
import type { TicketTracker } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import { adfText, signOffAdf } from './adf';
import { basicAuth, commentUrl, jiraTracker, trimBaseUrl, type JiraRest } from './rest';
import type { JiraCloudTarget } from './target';

export interface JiraCloudConfig {
  /** The site, e.g. "https://acme.atlassian.net". */
  baseUrl: string;
  /** The Atlassian account the API token belongs to. */
  email: string;
  apiToken: string;
}

const LABEL = 'Jira Cloud';

const JIRA_CLOUD = describeFor(LABEL, {
  newToken:
    'check the e-mail address in Settings, or create a new API token at https://id.atlassian.com/manage-profile/security/api-tokens ("Create API token", without scopes) for that account and paste it in Settings',
  permission: 'ask a Jira admin to give that account the "Add comments" permission in the project, and "Create attachments" for the screenshot',
  notFound: 'check the key, and that the account the token belongs to may browse that project (Jira answers "not found" for issues it may not show)',
});

/**
 * Jira Cloud through REST API v3, with an Atlassian API token (Basic auth with the account's
 * e-mail, https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/).
 * The screenshot becomes an attachment of the issue; the comment is an ADF document that
 * names it and carries the sign-off's marker, which `findExisting` looks for.
 *
 * @example createJiraCloudTracker({ fetch }, { baseUrl: 'https://acme.atlassian.net', email: 'po@acme.com', apiToken })
 */
export function createJiraCloudTracker(deps: TrackerDeps, config: JiraCloudConfig): TicketTracker {
  const baseUrl = trimBaseUrl(config.baseUrl);
  const rest: JiraRest = { deps, tracker: JIRA_CLOUD, baseUrl, api: `${baseUrl}/rest/api/3`, auth: { Authorization: basicAuth(config.email, config.apiToken) } };
  return jiraTracker(rest, {
    id: 'jira-cloud',
    label: LABEL,
    // v3 answers with ADF bodies; a string is what a v2-era comment could still look like.
    textOf: (body) => (typeof body === 'string' ? body : adfText(body)),
    render: (parts, { screenshot, gallery }) => signOffAdf(
      parts,
      screenshot && { filename: screenshot.filename, url: screenshot.content },
      gallery.map((a) => ({ filename: a.filename, url: a.content })),
    ),
    link: (key, id) => commentUrl(baseUrl, key, id),
  });
}

/**
 * The tracker for a site's settings and its token (the registry's entry for this family). The
 * caller has checked that the token was saved for the settings' origin.
 */
export function jiraCloudFromTarget(target: z.infer<typeof JiraCloudTarget>, token: string, deps: TrackerDeps): TicketTracker {
  return createJiraCloudTracker(deps, { baseUrl: target.baseUrl, email: target.email, apiToken: token });
}
