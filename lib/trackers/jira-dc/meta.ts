import type { TrackerMeta } from '../types';
// Data Center's issue keys are Cloud's: the two Jira families share their REST layer.
import { jiraTicket } from '../jira-cloud/ticket';

/** Jira Data Center (and Server), as the options page and the side panel describe it (zod-free). */
export const jiraDataCenterMeta = {
  id: 'jira-dc',
  label: 'Jira Data Center',
  uploadsScreenshots: true,
  ticketExample: 'SHOP-142',
  token: {
    label: 'Jira personal access token',
    help: 'A personal access token (your avatar → Profile → Personal Access Tokens). Its account needs "Add comments" and "Create attachments" in the projects you sign off.',
  },
  fields: {
    baseUrl: { field: 'trackerUrl', label: 'Jira URL', hint: 'Your Jira Data Center or Server, without /rest.', placeholder: 'https://jira.example.com' },
  },
  canonicalTicket: (text) => jiraTicket(text, 'Jira Data Center'),
} as const satisfies TrackerMeta;
