import type { TrackerMeta } from '../types';
import { notATicket } from '../ticket';

/** Where Linear's `fileUpload` hands out upload addresses (signed, so no token goes there). */
export const LINEAR_UPLOAD_ORIGIN = 'https://uploads.linear.app';

/** Linear, as the options page and the side panel describe it (zod-free). */
export const linearMeta = {
  id: 'linear',
  label: 'Linear',
  uploadsScreenshots: true,
  ticketExample: 'ENG-12',
  token: {
    label: 'Linear API key',
    help: 'A personal API key (Settings → Account → Security & access → Personal API keys), with write access to comments if you limit its permissions.',
  },
  fields: {
    apiUrl: { field: 'trackerUrl', label: 'Linear API URL', hint: 'Linear\'s API host.', default: 'https://api.linear.app' },
  },
  /** "ENG-12" in any case, or an issue's address: https://linear.app/acme/issue/ENG-12/some-title */
  canonicalTicket(text: string, path: string | undefined): string {
    const id = (path ? /\/issue\/([A-Za-z0-9]+-\d+)/.exec(path)?.[1] : text) ?? '';
    if (!/^[A-Za-z][A-Za-z0-9]{0,9}-[1-9]\d{0,9}$/.test(id)) throw notATicket(text, linearMeta);
    return id.toUpperCase();
  },
  /** Linear's screenshots go to an upload host of their own (only Linear's own API hands those out). */
  extraOrigins: (origin: string): string[] => (origin === 'https://api.linear.app' ? [LINEAR_UPLOAD_ORIGIN] : []),
} as const satisfies TrackerMeta;
