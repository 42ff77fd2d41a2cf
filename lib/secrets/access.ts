/**
 * Keeps `storage.local` (tokens, signing keys, configuration) out of content scripts' reach.
 * Chrome opens storage.local to content scripts unless the extension restricts it with
 * `setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' })`
 * (https://developer.chrome.com/docs/extensions/reference/api/storage#method-StorageArea-setAccessLevel);
 * Firefox documents the method for storage.session only (which is trusted-only there anyway),
 * and Firefox 153 ESR has it on neither area (measured); its storage.local stays readable by
 * content scripts. There this returns
 * 'unsupported', and docs/limitations.md says what that means.
 */
export interface AccessControlledArea {
  setAccessLevel?(options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }): Promise<void>;
}

export type AccessResult = { local: 'trusted-only' | 'unsupported'; session: 'trusted-only' | 'unsupported' };

/**
 * Restricts storage.local and storage.session to Flagtab's own pages and worker. Call first at
 * every worker start: the setting is kept by Chrome, but a profile that ran an older Flagtab
 * has it open until this runs.
 *
 * @example await restrictStorageToExtension(browser.storage) // { local: 'trusted-only', session: 'trusted-only' }
 */
export async function restrictStorageToExtension(storage: { local: unknown; session: unknown }): Promise<AccessResult> {
  const restrict = async (area: unknown) => {
    const setAccessLevel = (area as AccessControlledArea).setAccessLevel;
    if (typeof setAccessLevel !== 'function') return 'unsupported' as const;
    await setAccessLevel.call(area, { accessLevel: 'TRUSTED_CONTEXTS' });
    return 'trusted-only' as const;
  };
  const [local, session] = await Promise.all([restrict(storage.local), restrict(storage.session)]);
  return { local, session };
}
