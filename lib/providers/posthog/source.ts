import { z } from 'zod';
import { BaseUrl } from '../../url-schema';

export const PostHogSource = z.object({
  provider: z.literal('posthog'),
  baseUrl: BaseUrl('https://us.posthog.com').default('https://us.posthog.com').describe('PostHog\'s host: https://us.posthog.com, https://eu.posthog.com or your own.'),
  project: z.string().trim().regex(/^\d+$/, 'must be the numeric project id (Settings → Project)').describe('The numeric project id.'),
});
