/**
 * storage.session key prefix (+ site id) under which the background publishes a long
 * catalogue load's progress; the popup listens. A module of its own so the popup bundle
 * does not pull in the catalogue service.
 */
export const PROGRESS_PREFIX = 'catalogue.progress:';
