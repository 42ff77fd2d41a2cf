import { buildExtension } from '../../demo/browser/build';

/** Builds the test extension once for the whole e2e run. */
export default async function setup() {
  await buildExtension('chrome');
}
