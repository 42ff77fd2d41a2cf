import { z } from 'zod';
import { DictSchema } from '../dict-schema';
import { JsonValueSchema } from '../json';
import { MAX_FLAGS, MAX_KEY_CHARS, MAX_NAME_CHARS, SITE_ID_PATTERN, type ShareLink } from './limits';

/**
 * A name someone else wrote, shown as text in the popup: letters (with their marks), digits,
 * spaces and plain punctuation. No control, bidi-override or zero-width characters, which could
 * make the offer read differently from what it applies.
 */
const NAME_PATTERN = /^[\p{L}\p{M}\p{N} \-_.,:;'"()!?&/#+=*]+$/u;

const NameSchema = z
  .string()
  .transform((name) => name.normalize('NFC').trim())
  .pipe(z.string().min(1).max(MAX_NAME_CHARS).regex(NAME_PATTERN, 'may hold letters, digits, spaces and plain punctuation only'));

/** Version 1 of what a share link's fragment carries. Strict: a link with more than this is refused, not trimmed. */
export const ShareLinkV1Schema: z.ZodType<ShareLink> = z
  .object({
    v: z.literal(1),
    site: z.string().regex(SITE_ID_PATTERN, 'is not a site id'),
    name: NameSchema.optional(),
    values: DictSchema(JsonValueSchema, z.string().min(1).max(MAX_KEY_CHARS)).refine(
      (values) => Object.keys(values).length >= 1 && Object.keys(values).length <= MAX_FLAGS,
      `must hold 1 to ${MAX_FLAGS} flags`,
    ),
  })
  .strict();
