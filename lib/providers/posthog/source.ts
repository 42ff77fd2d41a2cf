import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { deferred } from '../../lazy-schema';

export const PostHogSource = deferred(() => z.object({
  provider: z.literal('posthog'),
  baseUrl: z._default(BaseUrl('https://us.posthog.com'), 'https://us.posthog.com').check(z.describe('PostHog\'s host: https://us.posthog.com, https://eu.posthog.com or your own.')),
  project: z.string().check(z.trim(), z.regex(/^\d+$/, 'must be the numeric project id (Settings → Project)'), z.describe('The numeric project id.')),
}));
