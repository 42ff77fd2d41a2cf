import { vercelSecretKey, VercelSecretError } from '../../wire/vercel-jwe';
import type { ProviderMeta } from '../meta-types';

export const vercelMeta: ProviderMeta<'vercel'> = {
  id: 'vercel',
  label: 'Vercel Flags SDK',
  token: {
    required: true,
    label: 'FLAGS_SECRET',
    help:
      'The app\'s FLAGS_SECRET environment variable (32 bytes, base64url). It is not a read-only token: '
      + 'whoever holds it can read the flag definitions and decrypt and forge flag overrides for everyone '
      + 'using the app. Flagtab keeps it in this browser\'s local extension storage only and never sends '
      + 'it: each request carries a short-lived proof derived from it.',
    check: (token) => {
      const key = vercelSecretKey(token);
      return key instanceof VercelSecretError ? key.message : undefined;
    },
  },
  fields: [
    {
      field: 'baseUrl', label: 'App URL', placeholder: 'https://shop.example.com',
      hint: 'The app\'s address, without a path: Flagtab reads its flags from /.well-known/vercel/flags there (the Flags SDK\'s discovery endpoint).',
    },
  ],
};
