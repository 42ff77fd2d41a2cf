import { keepDefault, type ProviderMeta } from '../meta-types';

export const launchDarklyMeta: ProviderMeta<'launchdarkly'> = {
  id: 'launchdarkly',
  label: 'LaunchDarkly',
  token: {
    required: true,
    help: 'An API access token with the Reader role (Account settings → Authorization).',
  },
  fields: [
    {
      field: 'baseUrl', label: 'API URL', default: 'https://app.launchdarkly.com',
      hint: keepDefault('https://app.eu.launchdarkly.com for the EU instance, https://app.launchdarkly.us for the federal one'),
    },
    { field: 'project', label: 'Project key', placeholder: 'default', hint: 'Account settings → Projects lists each project\'s key (not its name).' },
    { field: 'environment', label: 'Environment key', placeholder: 'production', hint: 'Listed under the project in Account settings → Projects, like production.' },
  ],
};
