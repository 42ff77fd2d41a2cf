/**
 * The storage.local keys of the outbox's and the history's documents, which the side panel
 * watches to stay live. They are copies of OUTBOX_KEY (lib/signoff/outbox-store.ts) and
 * HISTORY_KEY (lib/signoff/history.ts): importing those would bring zod into the panel's
 * bundle. tests/unit/signoff-model.test.ts fails when the copies drift.
 */
export const WATCHED_STORE_KEYS = { outbox: 'outbox.v1', history: 'history.v1' } as const;

/**
 * The storage.session key of every tab's overrides (a copy of OVERRIDE_STATE_KEY in
 * lib/overrides/state.ts, for the same reason): when it changes, the evidence preview follows.
 */
export const OVERRIDES_SESSION_KEY = 'overrides.v1';
