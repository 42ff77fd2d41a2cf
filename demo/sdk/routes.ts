import { HTML, JS, type DemoRequest, type DemoResponse, type DemoRoutes } from '../routes';
import { appScript, DEMO_SDKS, vendorScript, type DemoSdk } from './bundles';
import { sdkPage, unleashHelp } from './pages';
import { VENDOR_API_ROUTES } from './vendor-apis';

/**
 * Demo pages that use the real client-side flag SDKs, served on the shop host:
 * `/sdk/<sdk>` (the page), `/sdk/<sdk>.js` (its app) and `/sdk/vendor/<sdk>.js` (the SDK's own
 * browser bundle), for every SDK in bundles.ts, and `/sdk/api/<sdk>/…`, the stand-ins for the
 * flag APIs of those that fetch their flags (vendor-apis.ts). Every script comes from the shop's
 * origin. `/sdk/unleash` needs `?url=<Unleash base URL>&key=<frontend token>`.
 */
export const SDK_ROUTES: DemoRoutes = {
  ...Object.fromEntries(
    DEMO_SDKS.flatMap((sdk) => [
      [`/sdk/${sdk}`, (request: DemoRequest) => pageFor(sdk, request)],
      [`/sdk/${sdk}.js`, async () => script(await appScript(sdk))],
      [`/sdk/vendor/${sdk}.js`, async () => script(await vendorScript(sdk))],
    ]),
  ),
  ...VENDOR_API_ROUTES,
};

function pageFor(sdk: DemoSdk, request: DemoRequest): DemoResponse {
  if (sdk !== 'unleash') return { status: 200, type: HTML, body: sdkPage(sdk, { 'site-origin': request.siteOrigin }) };
  const url = request.query.get('url') ?? '';
  const key = request.query.get('key') ?? '';
  const problem = !url || !key ? 'This page needs the address of an Unleash and a frontend API token.' : !/^https?:\/\/[^/]/.test(url) ? `"${url}" is not an http(s) address.` : undefined;
  if (problem) return { status: 200, type: HTML, body: sdkPage(sdk, {}, unleashHelp(problem)) };
  return { status: 200, type: HTML, body: sdkPage(sdk, { 'site-origin': request.siteOrigin, 'unleash-url': url.replace(/\/+$/, ''), 'unleash-key': key }) };
}

function script(body: string): DemoResponse {
  return { status: 200, type: JS, body };
}
