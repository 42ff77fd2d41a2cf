import { encodeOverrides } from '../../wire';
import type { OverrideTransport } from '../types';

export const headerTransport: OverrideTransport<'header'> = {
  id: 'header',
  requestHeaders: (settings, values) => (settings.enabled ? [{ header: settings.name, operation: 'set', value: encodeOverrides(values) }] : []),
  carried(settings, { headers }) {
    if (!settings.enabled) return false;
    const name = settings.name.toLowerCase();
    return headers.some((h) => h.name.toLowerCase() === name);
  },
};
