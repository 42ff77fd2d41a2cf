import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { Name } from '../source-schema';
import { deferred } from '../../lazy-schema';

export const LaunchDarklySource = deferred(() => z.object({
  provider: z.literal('launchdarkly'),
  baseUrl: z._default(BaseUrl('https://app.launchdarkly.com'), 'https://app.launchdarkly.com').check(z.describe('LaunchDarkly\'s API host; change it for the EU or federal instances.')),
  project: Name('project').check(z.describe('The project key.')),
  environment: Name('environment').check(z.describe('The environment key, e.g. "production".')),
}));
