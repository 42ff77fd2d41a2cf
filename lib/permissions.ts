import type { Permissions } from 'webextension-polyfill';

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

/**
 * Adapts `browser.permissions` to `HostPermissions`.
 *
 * @example createHostPermissions(browser.permissions)
 */
export function createHostPermissions(api: Permissions.Static): HostPermissions {
  return {
    // The polyfill calls the browser synchronously, so the user gesture survives the wrapper.
    request: (origins) => api.request({ origins }),
    contains: (origins) => api.contains({ origins }),
    onRemoved(callback) {
      const listener = (removed: Permissions.Permissions) => callback(removed.origins ?? []);
      api.onRemoved.addListener(listener);
      return () => api.onRemoved.removeListener(listener);
    },
  };
}
