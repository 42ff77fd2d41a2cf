import { cookiePair } from '../../wire';
import type { OverrideTransport } from '../types';

export const cookieTransport: OverrideTransport<'cookie'> = {
  id: 'cookie',
  // "append" adds to the Cookie header the browser built (joined with "; "), so the site's own
  // cookies stay; page JavaScript never sees it in document.cookie.
  requestHeaders: (settings, values) => (settings.enabled ? [{ header: 'Cookie', operation: 'append', value: cookiePair(settings.name, values) }] : []),
  carried(settings, { headers }) {
    if (!settings.enabled) return false;
    const prefix = `${settings.name}=`;
    return headers.some((h) => h.name.toLowerCase() === 'cookie' && (h.value ?? '').split(/;\s*/).some((pair) => pair.startsWith(prefix)));
  },
};
