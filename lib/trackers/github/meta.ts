import type { TrackerMeta } from '../types';
import { withDefault } from '../ticket';
import { parseGitHubTicket } from './ticket';

/** GitHub (and GitHub Enterprise Server), as the options page and the side panel describe it (zod-free). */
export const gitHubMeta = {
  id: 'github',
  label: 'GitHub',
  uploadsScreenshots: false,
  ticketExample: 'acme/shop#12',
  token: {
    label: 'GitHub token',
    help: 'A fine-grained personal access token with "Issues: Read and write" on the repositories you sign off (Settings → Developer settings → Personal access tokens → Fine-grained tokens).',
  },
  fields: {
    apiUrl: { field: 'trackerUrl', label: 'GitHub API URL', hint: 'GitHub\'s API; https://HOST/api/v3 for GitHub Enterprise Server.', default: 'https://api.github.com' },
    repo: { field: 'trackerRepo', label: 'Default repository (optional)', hint: 'The repository a bare "#12" refers to.', placeholder: 'acme/shop', optional: true },
  },
  /** "acme/shop#12", a bare "#12" with a default repository, or an issue's or pull request's address. */
  canonicalTicket(text: string, path: string | undefined, settings: { repo?: string | undefined }): string {
    const fromUrl = /^\/([^/]+)\/([^/]+)\/(?:issues|pull)\/(\d+)/.exec(path ?? '');
    const ticket = fromUrl ? `${fromUrl[1]}/${fromUrl[2]}#${fromUrl[3]}` : withDefault(text, settings.repo, 'owner/repo', 'repository');
    const { owner, repo, number } = parseGitHubTicket(ticket);
    return `${owner}/${repo}#${number}`;
  },
} as const satisfies TrackerMeta<{ repo?: string | undefined }>;
