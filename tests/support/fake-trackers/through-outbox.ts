import { createHistory, type HistoryEntry } from '../../../lib/signoff/history';
import { createOutbox } from '../../../lib/signoff/outbox';
import type { SignOff } from '../../../lib/signoff/signoff';
import type { TicketTracker } from '../../../lib/signoff/tracker';
import { memoryStorage } from '../catalogue';

/**
 * Sends one sign-off through a real outbox to `tracker` (a real tracker against its fake server)
 * and returns the history entry it ends with: what a person sees after Send.
 *
 * @example const entry = await sendThroughOutbox(createJiraCloudTracker(deps, config), sampleSignOff());
 */
export async function sendThroughOutbox(tracker: TicketTracker, signOff: SignOff): Promise<HistoryEntry | undefined> {
  const storage = memoryStorage();
  const history = createHistory(storage);
  const outbox = createOutbox({ storage, history, trackerFor: () => tracker, alarms: { create: () => undefined, clear: () => undefined }, now: Date.now });
  const saved = await outbox.submit(signOff);
  if (!saved.ok) throw new Error(saved.message);
  await outbox.process();
  const left = await outbox.list();
  if (left.length) throw new Error(`the sign-off was not posted: ${JSON.stringify(left.map((i) => i.lastError ?? i.state))}`);
  return (await history.list()).find((e) => e.signOff.id === signOff.id);
}
