import { STORED, storageKey } from '../storage/keys';

/**
 * Where the background keeps what a tab's page was seen to use (`storage.session`). In its own
 * file, free of zod, because the popup imports it to follow changes live.
 */
export const DETECTION_PREFIX = STORED.detection.prefix;

/** @example detectionKey(1366208347) === 'detect.v1:1366208347' */
export const detectionKey = (tabId: number) => storageKey(STORED.detection, tabId);
