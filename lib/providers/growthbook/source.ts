import { z } from 'zod';
import { BaseUrl } from '../../url-schema';
import { Name } from '../source-schema';

export const GrowthBookSource = z.object({
  provider: z.literal('growthbook'),
  baseUrl: BaseUrl('https://api.growthbook.io').default('https://api.growthbook.io').describe('GrowthBook\'s API host, without /api/v1.'),
  project: z.string().trim().max(200).optional().describe('A project id to list only its features; empty for all.'),
  environment: Name('environment').describe('The environment id, e.g. "production".'),
});
