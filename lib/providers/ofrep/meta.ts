import type { ProviderMeta } from '../meta-types';

export const ofrepMeta: ProviderMeta<'ofrep'> = {
  id: 'ofrep',
  label: 'OpenFeature (OFREP)',
  token: {
    required: false,
    help: 'Whatever your flag service issues for reading flags, if it asks for one. Flagtab sends it in the token header chosen above.',
  },
  fields: [
    {
      field: 'baseUrl', label: 'Service URL', placeholder: 'https://flags.example.com',
      hint: 'Where the OFREP service runs (flagd, or your flag service), without /ofrep/v1.',
    },
    {
      field: 'ofrepContext', label: 'Evaluation context (JSON)', placeholder: '{ "targetingKey": "qa-user" }', optional: true,
      hint: 'Who the flags are evaluated for, as a JSON object. Empty sends no context.',
    },
    {
      field: 'authHeader', label: 'Token header', default: 'Authorization',
      hint: 'The request header that carries the token. With Authorization, Flagtab sends "Bearer <token>".',
    },
  ],
};
