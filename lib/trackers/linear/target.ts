import { z } from '../../zod';
import { BaseUrl } from '../../url-schema';
import { linearMeta } from './meta';
import { deferred } from '../../lazy-schema';

const { fields } = linearMeta;

/** A site's Linear settings (the API key lives in the secrets store). */
export const LinearTarget = deferred(() => z.object({
  tracker: z.literal('linear'),
  apiUrl: z._default(BaseUrl('https://api.linear.app'), fields.apiUrl.default).check(z.describe(fields.apiUrl.hint)),
}));
