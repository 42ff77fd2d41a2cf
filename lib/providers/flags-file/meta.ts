import type { ProviderMeta } from '../meta-types';

/** A flagd flag-definition file or a plain JSON list, from a URL or pasted into the options. */
export const flagsFileMeta: ProviderMeta<'flags-file'> = {
  id: 'flags-file',
  label: 'Flags file',
  token: {
    required: false,
    help: 'None for a public file. For a file behind a login, a read-only bearer token: Flagtab sends it as "Authorization: Bearer …" to the file\'s host only.',
  },
  // The URL or the pasted file: the catalogue form's own fields (lib/providers/source-form.ts).
  fields: [],
};
