import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { Name } from '../source-schema';
import { deferred } from '../../lazy-schema';

export const FlagsmithSource = deferred(() => z.object({
  provider: z.literal('flagsmith'),
  baseUrl: z._default(BaseUrl('https://api.flagsmith.com'), 'https://api.flagsmith.com').check(z.describe('Flagsmith\'s API host, without /api/v1.')),
  project: z.string().check(z.trim(), z.regex(/^\d+$/, 'must be the numeric project id (in the project\'s URL)'), z.describe('The numeric project id.')),
  environment: Name('environment key').check(z.describe('The environment\'s client-side key, e.g. "ser.abc…" or "Kq3…".')),
}));
