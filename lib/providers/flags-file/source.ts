import { z } from '../../zod';
import { HttpUrl } from '../../url-schema';
import { deferred } from '../../lazy-schema';

export const FlagsFileSource = deferred(() => z
  .object({
    provider: z.literal('flags-file'),
    /** URL of a flagd flag-definition file or a plain list; fetched by the background. */
    url: z.optional(HttpUrl('https://flags.example.com/flags.json')).check(z.describe('URL of a flagd flag-definition file or a JSON list of flags.')),
    /** The file's text, pasted, when there is no URL. */
    inline: z.optional(z.string()).check(z.describe('The flags file itself, pasted, when there is no URL.')),
  })
  .check(
    z.refine((s) => Boolean(s.url) !== Boolean(s.inline), {
      message: 'give either "url" or "inline" (the pasted file), not both and not neither',
    }),
  ));
