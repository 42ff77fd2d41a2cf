/** Host access as the UI needs it: origins are match patterns like "https://shop.example.com/*". */
export interface HostPermissions {
  /**
   * Asks the user for access. Call it directly in a click handler, before any `await`:
   * browsers only show the prompt during a user gesture.
   * https://developer.chrome.com/docs/extensions/reference/api/permissions#method-request
   */
  request(origins: string[]): Promise<boolean>;
  contains(origins: string[]): Promise<boolean>;
  /** Calls back with the origins the user took away; returns the function that stops it. */
  onRemoved(callback: (origins: string[]) => void): () => void;
}

/** What host access needs of `browser.permissions`: the polyfill's, Firefox's or MV3 Chrome's own. */
export interface PermissionsApi {
  request(permissions: { origins: string[] }): Promise<boolean>;
  contains(permissions: { origins: string[] }): Promise<boolean>;
  onRemoved: {
    addListener(callback: (removed: { origins?: string[] }) => void): void;
    removeListener(callback: (removed: { origins?: string[] }) => void): void;
  };
}

/**
 * Adapts `browser.permissions` to `HostPermissions`.
 *
 * @example createHostPermissions(browser.permissions)
 */
export function createHostPermissions(api: PermissionsApi): HostPermissions {
  return {
    // Called at once, with no await before it, so the click's user gesture still counts.
    request: (origins) => api.request({ origins }),
    contains: (origins) => api.contains({ origins }),
    onRemoved(callback) {
      const listener = (removed: { origins?: string[] }) => callback(removed.origins ?? []);
      api.onRemoved.addListener(listener);
      return () => api.onRemoved.removeListener(listener);
    },
  };
}
