/**
 * Flagtab's overrides outside the browser extension: the Playwright fixture
 * (packages/playwright) and the `flagtab` command (packages/cli) are built from this folder, so
 * what they send is what the extension sends, from the same code.
 */
export { UsageError, nearest } from './errors';
export { findScenario, findSite, readConfigText, scenariosOf, type LoadedConfig } from './config';
export { loadCatalogue, type LoadedCatalogue } from './catalogue';
export { checkedForWire, checkedValue, flagOf, looseValue, splitAssignment, typedValue, valuesFrom, type Values } from './values';
export { generateKeyFile, KEY_FILE_FORMAT, signerFromKeyFile, signerFromTeamSecret, type KeyFile } from './signer';
export { applyHeaderChanges, overridesFor, siteScopeOf, withQueryParams, type OverrideOptions, type RequestOverrides } from './requests';
export { honouredBy, type Honoured, type SeenResponse } from './honoured';
