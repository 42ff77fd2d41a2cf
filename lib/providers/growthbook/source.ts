import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { Name } from '../source-schema';
import { deferred } from '../../lazy-schema';

export const GrowthBookSource = deferred(() => z.object({
  provider: z.literal('growthbook'),
  baseUrl: z._default(BaseUrl('https://api.growthbook.io'), 'https://api.growthbook.io').check(z.describe('GrowthBook\'s API host, without /api/v1.')),
  project: z.optional(z.string().check(z.trim(), z.maxLength(200))).check(z.describe('A project id to list only its features; empty for all.')),
  environment: Name('environment').check(z.describe('The environment id, e.g. "production".')),
}));
