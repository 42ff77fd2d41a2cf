/**
 * Where the background keeps what a tab's page was seen to use (`storage.session`). In its own
 * file, free of zod, because the popup imports it to follow changes live.
 */
export const DETECTION_PREFIX = 'detect.v1:';

/** @example detectionKey(1366208347) === 'detect.v1:1366208347' */
export const detectionKey = (tabId: number) => `${DETECTION_PREFIX}${tabId}`;
