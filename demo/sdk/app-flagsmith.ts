import type { IFlagsmith } from 'flagsmith';
import { config, failed, rendered, show } from './app-shared';
import { FLAGSMITH_ENVIRONMENT } from './vendor-keys';

// index.js (UMD) stores its client in `window.flagsmith` itself.
const flagsmith = (window as unknown as { flagsmith: IFlagsmith }).flagsmith;

function render(): void {
  show('new-checkout', flagsmith.hasFeature('new-checkout'));
  show('hero-banner', flagsmith.getValue('hero-banner'));
  show('max-items', flagsmith.getValue('max-items'));
  rendered();
}

flagsmith
  .init({
    environmentID: FLAGSMITH_ENVIRONMENT,
    // The shop stands in for Flagsmith's edge API (demo/sdk/vendor-apis.ts).
    api: `${config('siteOrigin')}/sdk/api/flagsmith/api/v1/`,
    // Called when the flags arrive and whenever they change: Flagsmith's re-render hook.
    onChange: render,
  })
  .catch((error: unknown) => failed(String(error)));
