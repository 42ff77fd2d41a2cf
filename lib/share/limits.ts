import type { Dict } from '../dict';
import type { JsonValue } from '../json-value';

/**
 * What a share link carries, and its bounds. Zod-free, so the popup can name these types
 * without bundling a schema (lib/share/schema.ts holds the schema).
 */

/** The fragment is `#flagtab=<base64url of the JSON>`; nothing else in a fragment is read. */
export const SHARE_PARAM = 'flagtab';
/** The encoded payload's longest length: far above 50 flags of ordinary values, far below what address bars and chat apps keep. */
export const MAX_PAYLOAD_CHARS = 8_000;
export const MAX_FLAGS = 50;
/** As the messages' flag keys (lib/messaging/protocol.ts). */
export const MAX_KEY_CHARS = 256;
/** One value's JSON text: enough for a JSON variant, not for a document. */
export const MAX_VALUE_CHARS = 1_000;
/** How deep a value's arrays and objects may nest. */
export const MAX_VALUE_DEPTH = 8;
export const MAX_NAME_CHARS = 80;
/** As a site's id in the configuration (lib/config/schema.ts). */
export const SITE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A tab's overrides for one site, as a link carries them. Never a token or a secret: values only. */
export interface ShareLink {
  v: 1;
  /** The configured site's id (the receiver's Flagtab must have a site with this id). */
  site: string;
  /** "New checkout, banner B": shown as text only. */
  name?: string | undefined;
  /** Flag key → value; a null-prototype record when decoded. */
  values: Dict<JsonValue>;
}
