import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { deferred } from '../../lazy-schema';

export const OfrepSource = deferred(() => z.object({
  provider: z.literal('ofrep'),
  baseUrl: BaseUrl('https://flags.example.com').check(z.describe('Where the OFREP service runs, without /ofrep/v1.')),
  /**
   * The evaluation context sent with the bulk evaluation, e.g. { "targetingKey": "qa-user" }.
   * A z.record, not DictSchema: this schema is also the config file's JSON Schema, which
   * DictSchema cannot describe (see the architecture test's allow-list).
   */
  context: z._default(z.record(z.string(), z.json()), {}).check(z.describe('Evaluation context sent with the bulk evaluation.')),
  /** The header that carries the token; sent as "Bearer <token>" for Authorization. */
  authHeader: z
    ._default(z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name')), 'Authorization')
    .check(z.describe('The header that carries the token ("Authorization" sends "Bearer <token>").')),
}));
