import { describe, expect, it } from 'vitest';
import { PROVIDER_NAMES, TRACKER_NAMES, TRANSPORT_SUMMARIES } from '../../components/options/card-words';
import { formatCatalogue, formatTransports } from '../../components/options/format';
import { PROVIDER_METAS } from '../../lib/providers/meta-registry';
import { TRACKER_LABELS } from '../../lib/trackers/meta-registry';
import { TRANSPORT_METAS } from '../../lib/transports/meta-registry';

/**
 * The site cards name providers, trackers and transports from card-words.ts, a copy of the
 * metas' words (so the list of sites does not load the forms' metas): the copy must say what
 * the metas say, in their order, for every family.
 */
describe('the words a site card uses', () => {
  it('name each provider as its meta does', () => {
    expect(PROVIDER_NAMES).toEqual(Object.fromEntries(PROVIDER_METAS.map((meta) => [meta.id, meta.label])));
  });

  it('name each tracker as its meta does', () => {
    expect(TRACKER_NAMES).toEqual(TRACKER_LABELS);
  });

  it('sum up each transport as its meta does, in the form\'s order', () => {
    expect(TRANSPORT_SUMMARIES).toEqual(TRANSPORT_METAS.map((meta) => [meta.id, meta.summary]));
  });

  it('reach the card: the provider\'s name and the transports that are on, in order', () => {
    expect(formatCatalogue({ provider: 'launchdarkly', baseUrl: 'https://app.launchdarkly.com', project: 'shop', environment: 'production' } as never))
      .toBe('LaunchDarkly · shop / production at app.launchdarkly.com');
    expect(formatTransports({ cookie: { enabled: true, name: 'flagtab' }, header: { enabled: true, name: 'X-Feature-Flags' }, query: { enabled: false, name: 'flags' } } as never))
      .toBe('Header X-Feature-Flags, cookie flagtab');
  });
});
