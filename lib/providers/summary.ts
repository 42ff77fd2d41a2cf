import type { ProviderId } from './catalogue-source';

/**
 * Which token each provider needs and where to create it: shown next to the options page's
 * token field, and quoted by each adapter's `tokenHelp` in the connection diagnosis. Kept
 * apart from the adapters (lib/providers) so the options page does not bundle them.
 */
export interface TokenHelp {
  /** One or two sentences: which READ-ONLY token to create, and where. */
  help: string;
  /** False when the catalogue can be read without one (a public file, an open OFREP service). */
  required: boolean;
}

export const TOKEN_HELP: Record<ProviderId, TokenHelp> = {
  'flags-file': {
    required: false,
    help: 'None for a public file. For a file behind a login, a read-only bearer token: Flagtab sends it as "Authorization: Bearer …" to the file\'s host only.',
  },
  unleash: {
    required: true,
    help: 'A Personal Access Token of a user with the Viewer role (Profile → Personal API tokens). Not an admin token: Flagtab only reads.',
  },
  launchdarkly: {
    required: true,
    help: 'An API access token with the Reader role (Account settings → Authorization).',
  },
  flagsmith: {
    required: true,
    help: 'An Organisation API key (Organisation settings → API Keys). Flagtab only ever reads with it.',
  },
  growthbook: {
    required: true,
    help: 'A secret API key with the readonly role (Settings → API Keys).',
  },
  posthog: {
    required: true,
    help: 'A personal API key with only the feature_flag:read scope (Settings → Personal API keys).',
  },
  ofrep: {
    required: false,
    help: 'Whatever your flag service issues for reading flags, if it asks for one. Flagtab sends it in the token header chosen above.',
  },
};
