import { keepDefault, type ProviderMeta } from '../meta-types';

export const growthBookMeta: ProviderMeta<'growthbook'> = {
  id: 'growthbook',
  label: 'GrowthBook',
  token: {
    required: true,
    help: 'A secret API key with the readonly role (Settings → API Keys).',
  },
  fields: [
    {
      field: 'baseUrl', label: 'API URL', default: 'https://api.growthbook.io',
      hint: keepDefault('for your own GrowthBook, its API address (often port 3100) without /api/v1'),
    },
    {
      field: 'project', label: 'Project id (optional)', placeholder: 'prj_…', optional: true,
      hint: 'Settings → Projects shows ids like prj_abc123. Leave it empty for every feature.',
    },
    { field: 'environment', label: 'Environment', placeholder: 'production', hint: 'The environment id from Settings → Environments, like production.' },
  ],
};
