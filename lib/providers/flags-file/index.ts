import { parseFlagsDocument, parseFlagsFile } from '../../catalogue/flags-file';
import { ProviderError } from '../errors';
import type { FlagProvider } from '../types';

/** A flagd flag-definition file or a plain JSON list, from a URL or pasted into the options. */
export const flagsFileProvider: FlagProvider<'flags-file'> = {
  id: 'flags-file',
  label: 'Flags file (flagd or JSON list)',
  tokenHelp: 'No token is needed for a public file. For a file behind a login, paste a read-only bearer token; Flagtab sends it as "Authorization: Bearer …" to the file\'s host only.',
  tokenRequired: false,
  listsVariants: true,
  authHeaders: ({ token }): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),
  async fetchCatalogue({ source, http }) {
    const parsed = source.inline !== undefined ? parseFlagsFile(source.inline) : parseFlagsDocument((await http.request(source.url!)).body);
    if (!parsed.ok) {
      throw new ProviderError('bad-response', `The flags file ${source.url ? `at ${source.url} ` : ''}cannot be used: ${parsed.error}.`);
    }
    return { flags: parsed.flags, warnings: parsed.warnings };
  },
  explain: (kind) => (kind === 'not-found' ? 'There is no file at that URL: check the catalogue URL.' : undefined),
};
