import { commentParts } from '../../evidence/format';
import { signOffMarker, type SignOff } from '../../evidence/signoff';
import { describeFor } from '../http';
import { addComment, attachScreenshot, commentUrl, findAttachment, findComment, hasMarker, issueKey, trimBaseUrl, whoAmI, type JiraRest } from '../jira-cloud/rest';
import type { PostedComment, TicketTracker, TrackerDeps } from '../types';
import { signOffWiki } from './wiki';

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
  // The classic permalink: Data Center opens the comment tab at the comment.
  const link = (key: string, id: string) => `${commentUrl(baseUrl, key, id)}&page=com.atlassian.jira.plugin.system.issuetabpanels%3Acomment-tabpanel#comment-${encodeURIComponent(id)}`;

  return {
    id: 'jira-dc',
    label: LABEL,
    uploadsScreenshots: true,

    async findExisting(signOff: SignOff): Promise<PostedComment | undefined> {
      const key = issueKey(signOff.ticket, LABEL);
      const marker = signOffMarker(signOff.id);
      const id = await findComment(rest, key, signOff.ticket, (body) => typeof body === 'string' && hasMarker(body, marker));
      if (id === undefined) return undefined;
      const screenshot = signOff.screenshot ? await findAttachment(rest, key, signOff) : undefined;
      return { url: link(key, id), id, ...(screenshot?.content ? { screenshotUrl: screenshot.content } : {}) };
    },

    async post(signOff: SignOff): Promise<PostedComment> {
      const key = issueKey(signOff.ticket, LABEL);
      const attachment = await attachScreenshot(rest, key, signOff);
      const id = await addComment(rest, key, signOff.ticket, signOffWiki(commentParts(signOff), attachment?.filename));
      return { url: link(key, id), id, ...(attachment?.content ? { screenshotUrl: attachment.content } : {}) };
    },

    /** GET /rest/api/2/myself: "Jane Doe (jane@acme.com)", or the login name where Jira hides the address. */
    verify: () => whoAmI(rest),
  };
}

export type JiraDataCenterTracker = ReturnType<typeof createJiraDataCenterTracker>;
