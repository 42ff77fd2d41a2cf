import { z } from '../zod';
import { DictSchema } from '../dict-schema';
import { JsonValueSchema } from '../json';
import { lazySchema } from '../lazy-schema';
import { MAX_FLAGS, MAX_KEY_CHARS, MAX_NAME_CHARS, SITE_ID_PATTERN, type ShareLink } from './limits';

/**
 * A name someone else wrote, shown as text in the popup: letters (with their marks), digits,
 * spaces and plain punctuation. No control, bidi-override or zero-width characters, which could
 * make the offer read differently from what it applies.
 */
const NAME_PATTERN = /^[\p{L}\p{M}\p{N} \-_.,:;'"()!?&/#+=*]+$/u;

const NameSchema = lazySchema(() => z.pipe(
  z.pipe(z.string(), z.transform((name: string) => name.normalize('NFC').trim())),
  z.string().check(z.minLength(1), z.maxLength(MAX_NAME_CHARS), z.regex(NAME_PATTERN, 'may hold letters, digits, spaces and plain punctuation only')),
));

/**
 * Version 1 of what a share link's fragment carries. Strict: a link with more than this is refused, not trimmed.
 * Built on first use (lib/lazy-schema.ts): only a page opened with a share link needs it.
 */
export const ShareLinkV1Schema = lazySchema((): z.ZodMiniType<ShareLink> => z.strictObject({
  v: z.literal(1),
  site: z.string().check(z.regex(SITE_ID_PATTERN, 'is not a site id')),
  name: z.optional(NameSchema()),
  values: DictSchema(JsonValueSchema, z.string().check(z.minLength(1), z.maxLength(MAX_KEY_CHARS))).check(
    z.refine((values) => Object.keys(values).length >= 1 && Object.keys(values).length <= MAX_FLAGS, `must hold 1 to ${MAX_FLAGS} flags`),
  ),
}));
