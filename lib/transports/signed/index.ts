import type { OverrideTransport } from '../types';

/**
 * The v2 token travels as it was signed, in its own header. The token is signed by the
 * background for one host (its `aud`), so the planner passes the one made for the rule's host;
 * without one (no key, or signing off) nothing is sent here.
 */
export const signedTransport: OverrideTransport<'signed'> = {
  id: 'signed',
  requestHeaders: (settings, _values, context) => (settings.enabled && context?.token ? [{ header: settings.name, operation: 'set', value: context.token }] : []),
  carried(settings, { headers }) {
    if (!settings.enabled) return false;
    const name = settings.name.toLowerCase();
    return headers.some((h) => h.name.toLowerCase() === name);
  },
};
