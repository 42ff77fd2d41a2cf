import { encodeOverrides } from '../../wire';
import type { OverrideTransport } from '../types';

export const headerTransport: OverrideTransport<'header'> = {
  id: 'header',
  requestHeaders: (settings, values) => (settings.enabled ? [{ header: settings.name, operation: 'set', value: encodeOverrides(values) }] : []),
  carried(settings, sent) {
    if (!settings.enabled) return false;
    const name = settings.name.toLowerCase();
    return sent.some((h) => h.name.toLowerCase() === name);
  },
};
