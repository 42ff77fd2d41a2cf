import type { ProviderMeta } from '../meta-types';

export const postHogMeta: ProviderMeta<'posthog'> = {
  id: 'posthog',
  label: 'PostHog',
  token: {
    required: true,
    help: 'A personal API key with only the feature_flag:read scope (Settings → Personal API keys).',
  },
  fields: [
    {
      field: 'baseUrl', label: 'PostHog URL', default: 'https://us.posthog.com',
      hint: 'https://us.posthog.com or https://eu.posthog.com, or the address of your own PostHog.',
    },
    { field: 'project', label: 'Project id', placeholder: '12345', hint: 'The number shown in Settings → Project (also in the address: …/project/<id>).' },
  ],
};
