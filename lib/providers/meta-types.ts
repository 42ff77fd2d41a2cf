/**
 * What the options page knows of a provider without loading its adapter or its zod schemas:
 * each family's `meta.ts` (lib/providers/<name>/meta.ts) is one of these. Free of zod, so
 * anything may import it; lib/providers/meta-registry.ts lists them all.
 */

/** The site form's fields for a provider API's source (form.ts maps each to a source key). */
export type SourceField = 'baseUrl' | 'project' | 'environment' | 'ofrepContext' | 'authHeader';

export interface SourceFieldSpec {
  field: SourceField;
  label: string;
  /** Where to find the value, in a sentence. */
  hint: string;
  placeholder?: string;
  /** The text the field starts with: the source schema's default when it is text. */
  default?: string;
  /** True when the field may be left empty though it has no text default (the schema makes it optional). */
  optional?: boolean;
}

/** Which token a provider needs and where to create it. */
export interface TokenHelp {
  /** One or two sentences: which READ-ONLY token to create, and where. */
  help: string;
  /** False when the catalogue can be read without one (a public file, an open OFREP service). */
  required: boolean;
  /** The token field's label when "API token" would mislead (Vercel's is the app's FLAGS_SECRET). */
  label?: string;
  /**
   * What is wrong with a typed token, checked at Save before anything is stored; undefined
   * when it may be right. Only for a format the provider defines (a FLAGS_SECRET is 32 bytes).
   */
  check?(token: string): string | undefined;
}

export interface ProviderMeta<P extends string = string> {
  /** The id a site's catalogue source names (`"provider": "unleash"`). */
  id: P;
  /** The provider's name as people know it. */
  label: string;
  /** Shown next to the options page's token field, and quoted by the connection diagnosis. */
  token: TokenHelp;
  /**
   * The site form's fields for the source, in order. The tests hold them to the source schema
   * (lib/providers/<name>/source.ts): same keys, same defaults, same optional fields. Empty for
   * the flags file, whose form (a URL or the pasted file) is the catalogue form's own.
   */
  fields: readonly SourceFieldSpec[];
}

/** The hint of an API URL field whose default is the cloud service's address. */
export const keepDefault = (elsewhere: string): string => `Leave it as it is for the cloud service; ${elsewhere}.`;
