import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { Name } from '../source-schema';
import { deferred } from '../../lazy-schema';

export const UnleashSource = deferred(() => z.object({
  provider: z.literal('unleash'),
  baseUrl: BaseUrl('https://unleash.example.com').check(z.describe('Where Unleash runs, without /api.')),
  project: z._default(Name('project'), 'default').check(z.describe('The Unleash project id.')),
  environment: Name('environment').check(z.describe('The environment testers test, e.g. "production".')),
}));
