import type { SaveResult } from '../../lib/config/store';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { HostPermissions } from '../../lib/permissions';

export const ACCESS_REFUSED_SAVE = 'Flagtab needs access to these hosts to set overrides; nothing was saved';
export const ACCESS_REFUSED_IMPORT = 'Flagtab needs access to these hosts to set overrides; nothing was imported';

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Asks for access, or skips asking when there is nothing to ask for. Call it synchronously in the click. */
export function requestAccess(permissions: HostPermissions, origins: string[]): Promise<boolean> {
  return origins.length === 0 ? Promise.resolve(true) : permissions.request(origins);
}

/** Runs a store write; a failure the store did not expect becomes a message (and a console error with its cause). */
export async function storeCall(write: () => Promise<SaveResult>): Promise<SaveResult> {
  try {
    return await write();
  } catch (error) {
    console.error('Flagtab: could not save the configuration', error);
    return { ok: false, error: `could not save: ${messageOf(error)}` };
  }
}

/**
 * Awaits a permission request: undefined when granted, else the message to show — `refused`
 * when the user said no, the browser's reason when it would not even ask.
 */
export async function accessProblem(granted: Promise<boolean>, refused: string): Promise<string | undefined> {
  try {
    return (await granted) ? undefined : refused;
  } catch (error) {
    console.error('Flagtab: the host access request failed', error);
    return `The browser would not ask for host access (${messageOf(error)}); nothing was changed`;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the browser says of a site's hosts before it is saved or imported: each exact-host rule
 * carries a regex, and RE2 may refuse it (lib/overrides/hosts.ts). Undefined when accepted.
 */
export async function hostsRefused(client: Pick<BackgroundClient, 'request'>, hosts: string[]): Promise<string | undefined> {
  try {
    const answer = await client.request('sites/check-hosts', { hosts });
    return answer.ok ? undefined : answer.message;
  } catch (error) {
    return `Flagtab could not ask the browser whether it accepts these hosts (${messageOf(error)}): reload the options page and try again`;
  }
}
