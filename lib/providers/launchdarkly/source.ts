import { z } from 'zod';
import { BaseUrl } from '../../url-schema';
import { Name } from '../source-schema';

export const LaunchDarklySource = z.object({
  provider: z.literal('launchdarkly'),
  baseUrl: BaseUrl('https://app.launchdarkly.com').default('https://app.launchdarkly.com').describe('LaunchDarkly\'s API host; change it for the EU or federal instances.'),
  project: Name('project').describe('The project key.'),
  environment: Name('environment').describe('The environment key, e.g. "production".'),
});
