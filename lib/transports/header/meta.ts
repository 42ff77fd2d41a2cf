import { DEFAULT_HEADER_NAME } from '../../wire/request';
import type { TransportMeta } from '../types';

/** Overrides in a request header of their own, in the wire format (docs/wire-format.md). */
export const headerMeta: TransportMeta<'header'> = {
  id: 'header',
  label: 'Header transport',
  nameLabel: 'Header name',
  summary: 'header',
  defaults: { enabled: true, name: DEFAULT_HEADER_NAME },
};
