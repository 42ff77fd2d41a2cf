import { z } from 'zod';
import { BaseUrl } from '../../url-schema';
import { Name } from '../source-schema';

export const FlagsmithSource = z.object({
  provider: z.literal('flagsmith'),
  baseUrl: BaseUrl('https://api.flagsmith.com').default('https://api.flagsmith.com').describe('Flagsmith\'s API host, without /api/v1.'),
  project: z.string().trim().regex(/^\d+$/, 'must be the numeric project id (in the project\'s URL)').describe('The numeric project id.'),
  environment: Name('environment key').describe('The environment\'s client-side key, e.g. "ser.abc…" or "Kq3…".'),
});
