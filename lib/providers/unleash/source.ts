import { z } from 'zod';
import { BaseUrl } from '../../url-schema';
import { Name } from '../source-schema';

export const UnleashSource = z.object({
  provider: z.literal('unleash'),
  baseUrl: BaseUrl('https://unleash.example.com').describe('Where Unleash runs, without /api.'),
  project: Name('project').default('default').describe('The Unleash project id.'),
  environment: Name('environment').describe('The environment testers test, e.g. "production".'),
});
