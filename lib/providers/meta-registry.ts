import { flagsFileMeta } from './flags-file/meta';
import { flagsmithMeta } from './flagsmith/meta';
import { growthBookMeta } from './growthbook/meta';
import { launchDarklyMeta } from './launchdarkly/meta';
import type { ProviderMeta } from './meta-types';
import { ofrepMeta } from './ofrep/meta';
import { postHogMeta } from './posthog/meta';
import { unleashMeta } from './unleash/meta';
import { vercelMeta } from './vercel/meta';

/**
 * Every provider family's meta (label, token help, form fields), in the order the options
 * page offers them. Free of zod and of the adapters, so the options page bundles neither;
 * the adapters are in registry.ts, the source schemas in sources.ts.
 */
export const PROVIDER_METAS = [flagsFileMeta, unleashMeta, launchDarklyMeta, flagsmithMeta, growthBookMeta, postHogMeta, ofrepMeta, vercelMeta] as const;

export type ProviderId = (typeof PROVIDER_METAS)[number]['id'];
export const PROVIDER_IDS: readonly ProviderId[] = PROVIDER_METAS.map((meta) => meta.id);

/**
 * A provider's meta, by its id.
 *
 * @example providerMeta('unleash').label // 'Unleash'
 */
export function providerMeta<P extends ProviderId>(id: P): ProviderMeta<P> {
  const meta = PROVIDER_METAS.find((m) => m.id === id);
  if (!meta) throw new Error(`Flagtab knows no provider "${id}".`);
  return meta as ProviderMeta<string> as ProviderMeta<P>;
}
