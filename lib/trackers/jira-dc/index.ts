import type { z } from '../../zod';
import { describeFor } from '../http';
import { commentUrl, jiraTracker, trimBaseUrl, type JiraRest } from '../jira-cloud/rest';
import type { TicketTracker } from '../../signoff/tracker';
import type { TrackerDeps } from '../types';
import { signOffWiki } from './wiki';
import type { JiraDataCenterTarget } from './target';

export interface JiraDataCenterConfig {
  /** Where Jira is, with its context path if it has one: "https://jira.acme.com" or "https://acme.com/jira". */
  baseUrl: string;
  personalAccessToken: string;
}

const LABEL = 'Jira Data Center';

const JIRA_DC = describeFor(LABEL, {
  newToken: 'create a new personal access token in Jira (your avatar → Profile → Personal Access Tokens) and paste it in Settings',
  permission: 'ask a Jira admin to give your account the "Add comments" permission in the project, and "Create attachments" for the screenshot',
  notFound: 'check the key, and that your account may browse that project (Jira answers "not found" for issues it may not show)',
});

/**
 * Jira Data Center (and Server) through REST API v2 with a personal access token as Bearer
 * (https://confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html).
 * The screenshot becomes an attachment, embedded in the wiki-markup comment by its file name;
 * the comment ends with the sign-off's marker, which `findExisting` looks for.
 *
 * @example createJiraDataCenterTracker({ fetch }, { baseUrl: 'https://jira.acme.com', personalAccessToken })
 */
export function createJiraDataCenterTracker(deps: TrackerDeps, config: JiraDataCenterConfig): TicketTracker {
  const baseUrl = trimBaseUrl(config.baseUrl);
  const rest: JiraRest = { deps, tracker: JIRA_DC, baseUrl, api: `${baseUrl}/rest/api/2`, auth: { Authorization: `Bearer ${config.personalAccessToken}` } };
  return jiraTracker(rest, {
    id: 'jira-dc',
    label: LABEL,
    textOf: (body) => (typeof body === 'string' ? body : undefined),
    render: (parts, { screenshot, gallery }) => signOffWiki(parts, screenshot?.filename, gallery.map((a) => a.filename)),
    // The classic permalink: Data Center opens the comment tab at the comment.
    link: (key, id) => `${commentUrl(baseUrl, key, id)}&page=com.atlassian.jira.plugin.system.issuetabpanels%3Acomment-tabpanel#comment-${encodeURIComponent(id)}`,
  });
}

/**
 * The tracker for a site's settings and its token (the registry's entry for this family). The
 * caller has checked that the token was saved for the settings' origin.
 */
export function jiraDataCenterFromTarget(target: z.infer<typeof JiraDataCenterTarget>, token: string, deps: TrackerDeps): TicketTracker {
  return createJiraDataCenterTracker(deps, { baseUrl: target.baseUrl, personalAccessToken: token });
}
