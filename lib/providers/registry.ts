import type { ProviderId } from './meta-registry';
import { flagsFileProvider } from './flags-file';
import { flagsmithProvider } from './flagsmith';
import { growthBookProvider } from './growthbook';
import { launchDarklyProvider } from './launchdarkly';
import { ofrepProvider } from './ofrep';
import { postHogProvider } from './posthog';
import type { FlagProvider } from './types';
import { unleashProvider } from './unleash';
import { vercelProvider } from './vercel';

/** Every provider adapter, by the id a site's catalogue source names. */
export const PROVIDERS: { [P in ProviderId]: FlagProvider<P> } = {
  'flags-file': flagsFileProvider,
  flagsmith: flagsmithProvider,
  growthbook: growthBookProvider,
  launchdarkly: launchDarklyProvider,
  ofrep: ofrepProvider,
  posthog: postHogProvider,
  unleash: unleashProvider,
  vercel: vercelProvider,
};

export function providerFor<P extends ProviderId>(id: P): FlagProvider<P> {
  const provider = PROVIDERS[id] as FlagProvider<P> | undefined;
  if (!provider) throw new Error(`Flagtab has no adapter for provider "${id}".`);
  return provider;
}
