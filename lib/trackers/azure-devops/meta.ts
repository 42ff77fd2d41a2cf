import type { TrackerMeta } from '../types';
import { notATicket } from '../ticket';

/** Azure DevOps (Services or Server), as the options page and the side panel describe it (zod-free). */
export const azureDevOpsMeta = {
  id: 'azure-devops',
  label: 'Azure DevOps',
  uploadsScreenshots: true,
  ticketExample: '4711',
  token: {
    label: 'Azure DevOps personal access token',
    help: 'A personal access token for the organization above with the scope Work Items: Read & write (User settings → Personal access tokens).',
  },
  fields: {
    baseUrl: { field: 'trackerUrl', label: 'Azure DevOps URL', hint: 'Azure DevOps Services, or your server\'s collection URL.', default: 'https://dev.azure.com' },
    organization: { field: 'trackerOrganization', label: 'Organization', hint: 'As in dev.azure.com/<organization>.' },
    project: { field: 'trackerProject', label: 'Project', hint: 'The project whose work items you sign off.' },
  },
  /** .../_workitems/edit/4711, "#4711", "AB#4711" (the GitHub-integration spelling) or "4711". */
  canonicalTicket(text: string, path: string | undefined): string {
    const id = (path ? /\/_workitems\/edit\/(\d+)/i.exec(path)?.[1] : /^(?:AB)?#?(\d+)$/i.exec(text)?.[1]) ?? '';
    if (!/^[1-9]\d{0,9}$/.test(id)) throw notATicket(text, azureDevOpsMeta);
    return id;
  },
  /** One origin serves every organization and project: they are part of which instance it is. */
  instancePath(settings: { baseUrl: string; organization: string; project: string }): string {
    const path = new URL(settings.baseUrl).pathname.replace(/\/+$/, '');
    return `${path}/${encodeURIComponent(settings.organization)}/${encodeURIComponent(settings.project)}`;
  },
} as const satisfies TrackerMeta<{ baseUrl: string; organization: string; project: string }>;
