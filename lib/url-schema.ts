import { z } from './zod';

/**
 * The URL fields every family's settings share (providers' and trackers' addresses): one
 * definition, below both, so neither family imports the other for it.
 */

export const HttpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http:// or https:// URL, like "${example}"` });

/** A provider's or tracker's address: scheme, host and optional port and path prefix; no query or fragment. */
export const BaseUrl = (example: string) =>
  z.pipe(
    HttpUrl(example).check(z.refine((u) => !/[?#]/.test(u), { message: 'must not have a query (?) or fragment (#)' })),
    z.transform((u: string) => u.replace(/\/+$/, '')),
  );
