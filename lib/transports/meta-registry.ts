import { cookieMeta } from './cookie/meta';
import { growthbookMeta } from './growthbook/meta';
import { eppoMeta } from './eppo/meta';
import { headerMeta } from './header/meta';
import { markerMeta } from './marker/meta';
import { queryMeta } from './query/meta';
import { signedMeta } from './signed/meta';
import { vercelMeta } from './vercel/meta';

/** Every transport's words and defaults, in the order the options page shows them (zod-free). */
export const TRANSPORT_METAS = [headerMeta, cookieMeta, signedMeta, queryMeta, markerMeta, growthbookMeta, eppoMeta, vercelMeta] as const;
export type TransportId = (typeof TRANSPORT_METAS)[number]['id'];
