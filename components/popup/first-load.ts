import type { Flag } from '../../lib/flags/flag';
import type { BackgroundClient } from '../../lib/messaging/client';
import type { PopupState } from '../../lib/messaging/protocol';
import type { CachedFlagsRef } from '../../lib/catalogue/cache-keys';

/** What the popup needs before it is usable: the tab's state, and the first chunk of the cached flags it points at. */
export interface FirstLoad {
  answer: PopupState;
  /** The cached flags were replaced or cleared since the background looked: fetch afresh. */
  flagsGone: boolean;
}

/** Reads chunks [from, to) of the flags the background cached; undefined when they are gone or for another source. */
export type ReadCachedFlags = (ref: CachedFlagsRef, from: number, to: number) => Promise<Flag[] | undefined>;

/**
 * Asks for `popup/state`, then reads the first chunk of flags unless the answer carries it. Free of the popup's UI code, so the
 * popup's entry can start it before that code is loaded and run (the round trip and the read
 * happen meanwhile, instead of after). Fails as the request fails.
 */
export async function loadFirst(client: BackgroundClient, tabId: number, readCachedFlags?: ReadCachedFlags): Promise<FirstLoad> {
  const answer = await client.request('popup/state', { tabId });
  const ref = answer.catalogue?.cachedFlags;
  // The background sent the first chunk with its answer: nothing to wait for.
  if (!ref || ref.firstIncluded) return { answer, flagsGone: false };
  const flags = await readCachedFlags?.(ref, 0, 1);
  if (flags) answer.catalogue!.flags = flags;
  return { answer, flagsGone: !flags };
}
