import type { OverrideTransport } from '../types';

interface MarkerSettings {
  enabled: boolean;
  name: string;
  value?: string;
}

/** The marker header, set (not appended) so a page cannot add a second value beside it. */
export const markerTransport: OverrideTransport<'marker', MarkerSettings> = {
  id: 'marker',
  requestHeaders: (settings) => (settings.enabled ? [{ header: settings.name, operation: 'set', value: settings.value ?? 'flagtab' }] : []),
  // It marks the traffic; it does not carry overrides.
  carried: () => false,
};
