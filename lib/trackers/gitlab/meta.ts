import type { TrackerMeta } from '../types';
import { withDefault } from '../ticket';
import { parseGitLabTicket } from './ticket';

/** GitLab (gitlab.com or self-managed), as the options page and the side panel describe it (zod-free). */
export const gitLabMeta = {
  id: 'gitlab',
  label: 'GitLab',
  uploadsScreenshots: true,
  ticketExample: 'group/project#7',
  token: {
    label: 'GitLab access token',
    help: 'A personal or project access token with the api scope (Preferences → Access tokens, or the project\'s Settings → Access tokens); read_api cannot comment.',
  },
  fields: {
    baseUrl: { field: 'trackerUrl', label: 'GitLab URL', hint: 'GitLab, or your own instance.', default: 'https://gitlab.com' },
    project: { field: 'trackerProject', label: 'Default project (optional)', hint: 'The project a bare "#7" refers to.', placeholder: 'group/project', optional: true },
  },
  /** "group/project#7", a bare "#7" with a default project, or an issue's or work item's address. */
  canonicalTicket(text: string, path: string | undefined, settings: { project?: string | undefined }): string {
    const fromUrl = /^\/(.+?)\/-\/(?:issues|work_items)\/(\d+)/.exec(path ?? '');
    const ticket = fromUrl ? `${fromUrl[1]}#${fromUrl[2]}` : withDefault(text, settings.project, 'group/project', 'project');
    const { path: project, iid } = parseGitLabTicket(ticket);
    return `${project}#${iid}`;
  },
} as const satisfies TrackerMeta<{ project?: string | undefined }>;
