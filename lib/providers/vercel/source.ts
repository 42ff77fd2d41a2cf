import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { deferred } from '../../lazy-schema';

export const VercelSource = deferred(() => z.object({
  provider: z.literal('vercel'),
  /** The app's origin: the discovery endpoint is at /.well-known/vercel/flags, always from the root. */
  baseUrl: BaseUrl('https://shop.example.com').check(
    z.refine((url) => new URL(url).pathname === '/', {
      message: 'must be the app\'s address without a path, like "https://shop.example.com": Flagtab reads /.well-known/vercel/flags there',
    }),
    z.describe('The app\'s origin; Flagtab reads /.well-known/vercel/flags there.'),
  ),
}));
