import type { TrackerId } from '../signoff/tracker';

/**
 * What the options page says about each sign-off tracker before any request: its name, and
 * which token to create, where, with which scopes. Kept apart from the trackers themselves
 * (lib/trackers) so the options page does not bundle them. The names are the only list of
 * them: lib/trackers/registry.ts and the side panel take theirs from here.
 */
export const TRACKER_LABELS: Record<TrackerId, string> = {
  'jira-cloud': 'Jira Cloud',
  'jira-dc': 'Jira Data Center',
  github: 'GitHub',
  gitlab: 'GitLab',
  linear: 'Linear',
  'azure-devops': 'Azure DevOps',
};

export interface TrackerTokenHelp {
  /** The token field's label, naming the kind of token: "GitHub token". */
  label: string;
  /** One or two sentences: which token, where to create it, which scopes. */
  help: string;
}

/** Every tracker needs a token: sign-offs are written as the token's account. */
export const TRACKER_TOKEN_HELP: Record<TrackerId, TrackerTokenHelp> = {
  'jira-cloud': {
    label: 'Jira Cloud API token',
    help: 'An API token of the account above (id.atlassian.com → Security → Create and manage API tokens → "Create API token", without scopes). The account needs "Add comments" and "Create attachments" in the projects you sign off.',
  },
  'jira-dc': {
    label: 'Jira personal access token',
    help: 'A personal access token (your avatar → Profile → Personal Access Tokens). Its account needs "Add comments" and "Create attachments" in the projects you sign off.',
  },
  github: {
    label: 'GitHub token',
    help: 'A fine-grained personal access token with "Issues: Read and write" on the repositories you sign off (Settings → Developer settings → Personal access tokens → Fine-grained tokens).',
  },
  gitlab: {
    label: 'GitLab access token',
    help: 'A personal or project access token with the api scope (Preferences → Access tokens, or the project\'s Settings → Access tokens); read_api cannot comment.',
  },
  linear: {
    label: 'Linear API key',
    help: 'A personal API key (Settings → Account → Security & access → Personal API keys), with write access to comments if you limit its permissions.',
  },
  'azure-devops': {
    label: 'Azure DevOps personal access token',
    help: 'A personal access token for the organization above with the scope Work Items: Read & write (User settings → Personal access tokens).',
  },
};
