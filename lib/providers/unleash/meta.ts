import type { ProviderMeta } from '../meta-types';

export const unleashMeta: ProviderMeta<'unleash'> = {
  id: 'unleash',
  label: 'Unleash',
  token: {
    required: true,
    help: 'A Personal Access Token of a user with the Viewer role (Profile → Personal API tokens). Not an admin token: Flagtab only reads.',
  },
  fields: [
    { field: 'baseUrl', label: 'Unleash URL', placeholder: 'https://unleash.example.com', hint: 'The address you open Unleash at, without /api.' },
    { field: 'project', label: 'Project id', default: 'default', hint: 'In the project\'s address (…/projects/<id>); "default" unless your team made others.' },
    { field: 'environment', label: 'Environment', placeholder: 'production', hint: 'The environment testers test, as Unleash names it, like production.' },
  ],
};
