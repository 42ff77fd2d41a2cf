import { V2_HEADER_NAME } from '../../wire/v2/token';
import type { TransportMeta } from '../types';

/**
 * Overrides signed with the site's key (wire format v2, docs/wire-format-v2.md), one token per
 * host in a request header of their own. Off by default: it needs a signing key (the site card's
 * "Signed overrides") and a server that verifies (packages/server).
 */
export const signedMeta: TransportMeta<'signed'> = {
  id: 'signed',
  label: 'Signed transport (wire v2, needs a signing key)',
  nameLabel: 'Signed header name',
  summary: 'signed header',
  defaults: { enabled: false, name: V2_HEADER_NAME },
};
