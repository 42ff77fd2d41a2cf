import { parseFlagsDocument, parseFlagsFile } from '../../flags/flags-file';
import { ProviderError } from '../errors';
import type { FlagProvider } from '../types';
import { flagsFileMeta } from './meta';

/** A flagd flag-definition file or a plain JSON list, from a URL or pasted into the options. */
export const flagsFileProvider: FlagProvider<'flags-file'> = {
  id: 'flags-file',
  label: 'Flags file (flagd or JSON list)',
  tokenHelp: flagsFileMeta.token.help,
  tokenRequired: flagsFileMeta.token.required,
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
