import { keepDefault, type ProviderMeta } from '../meta-types';

export const flagsmithMeta: ProviderMeta<'flagsmith'> = {
  id: 'flagsmith',
  label: 'Flagsmith',
  token: {
    required: true,
    help: 'An Organisation API key (Organisation settings → API Keys). Flagtab only ever reads with it.',
  },
  fields: [
    { field: 'baseUrl', label: 'API URL', default: 'https://api.flagsmith.com', hint: keepDefault('for your own Flagsmith, its API address without /api/v1') },
    { field: 'project', label: 'Project id', placeholder: '12345', hint: 'The number in the project\'s address in Flagsmith (…/project/<id>/…).' },
    { field: 'environment', label: 'Environment key', hint: 'The project\'s Environments page shows each environment\'s client-side key.' },
  ],
};
