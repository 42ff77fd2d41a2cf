import { DEFAULT_COOKIE_NAME } from '../../wire/request';
import type { TransportMeta } from '../types';

/** Overrides in a cookie added to the request's Cookie header, for servers that read cookies. */
export const cookieMeta: TransportMeta<'cookie'> = {
  id: 'cookie',
  label: 'Cookie transport',
  nameLabel: 'Cookie name',
  summary: 'cookie',
  defaults: { enabled: true, name: DEFAULT_COOKIE_NAME },
};
