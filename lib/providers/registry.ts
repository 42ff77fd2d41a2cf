import type { ProviderId } from '../config/catalogue-source';
import { flagsFileProvider } from './flags-file';
import type { FlagProvider } from './types';

/** Every provider adapter, by the id a site's catalogue source names. */
export const PROVIDERS: { [P in ProviderId]?: FlagProvider<P> } = {
  'flags-file': flagsFileProvider,
};

export function providerFor<P extends ProviderId>(id: P): FlagProvider<P> {
  const provider = PROVIDERS[id] as FlagProvider<P> | undefined;
  if (!provider) throw new Error(`Flagtab has no adapter for provider "${id}".`);
  return provider;
}
