import type { TransportMeta } from '../types';

/**
 * A header that marks the tab's traffic as test traffic while it has overrides, so the app can
 * keep it out of analytics, billing and e-mail. It carries no overrides: it rides on the same
 * rules (this tab, the site's hosts). Off by default.
 */
export const markerMeta: TransportMeta<'marker'> = {
  id: 'marker',
  label: 'Mark the tab\'s requests as test traffic (a header)',
  nameLabel: 'Marker header name',
  summary: 'test-traffic header',
  hint: 'Sent with every request of a tab under test, to the site\'s hosts only. The app decides what test traffic skips (analytics, billing, e-mail).',
  defaults: { enabled: false, name: 'X-Test-Traffic', value: 'flagtab' },
  fields: [{ key: 'value', label: 'Marker header value', kind: 'text', hint: 'Visible ASCII, up to 200 characters (like flagtab, or qa; team=checkout).' }],
};
