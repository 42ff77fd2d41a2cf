import { TrackerError } from '../signoff/tracker';

/** The path of a pasted web address; undefined for anything that is not one. */
export function pathOf(text: string): string | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    return new URL(text).pathname;
  } catch {
    return undefined;
  }
}

/** "#12" or "12" with a default "owner/repo" → "owner/repo#12"; anything else as it is. */
export function withDefault(text: string, project: string | undefined, shape: string, what: string): string {
  const bare = /^#?([1-9]\d{0,9})$/.exec(text);
  if (!bare) return text;
  if (!project) throw new TrackerError('ticket-not-found', `Write the ticket as ${shape}#${bare[1]}, or set a default ${what} for this site in Flagtab's settings.`);
  return `${project}#${bare[1]}`;
}

/** The refusal for text that is not a ticket of this tracker: a ticket-not-found TrackerError. */
export function notATicket(text: string, meta: { label: string; ticketExample: string }): TrackerError {
  return new TrackerError('ticket-not-found', `"${text.slice(0, 100)}" is not a ${meta.label} ticket; write it as ${meta.ticketExample}.`);
}
