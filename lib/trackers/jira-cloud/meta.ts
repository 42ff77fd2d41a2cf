import type { TrackerMeta } from '../types';
import { jiraTicket } from './ticket';

/** Jira Cloud, as the options page and the side panel describe it (zod-free). */
export const jiraCloudMeta = {
  id: 'jira-cloud',
  label: 'Jira Cloud',
  uploadsScreenshots: true,
  ticketExample: 'SHOP-142',
  token: {
    label: 'Jira Cloud API token',
    help: 'An API token of the account above (id.atlassian.com → Security → Create and manage API tokens → "Create API token", without scopes). The account needs "Add comments" and "Create attachments" in the projects you sign off.',
  },
  fields: {
    baseUrl: { field: 'trackerUrl', label: 'Jira site URL', hint: 'Your Jira Cloud site.', placeholder: 'https://acme.atlassian.net' },
    email: { field: 'trackerEmail', label: 'Atlassian account e-mail', hint: 'The Atlassian account the API token belongs to.', placeholder: 'you@example.com' },
  },
  canonicalTicket: (text) => jiraTicket(text, 'Jira Cloud'),
} as const satisfies TrackerMeta;
