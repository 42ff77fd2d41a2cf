import { signal } from '@preact/signals';
import type { Config } from '../../lib/config/versions';
import type { Secrets } from '../../lib/secrets/store';

/** A file read but not imported yet: its hosts need access, which needs a click. */
export interface PendingImport {
  config: Config;
  secrets?: Secrets | undefined;
  origins: string[];
  source: string;
}

/**
 * What the Import and export section shows. It lives apart from transfer-model.ts (which
 * parses and writes configuration files) so the section renders before that part has loaded.
 */
export function createTransferState() {
  return {
    pastedConfig: signal(''),
    importError: signal<string | undefined>(undefined),
    importNotice: signal<string | undefined>(undefined),
    pendingImport: signal<PendingImport | undefined>(undefined),
    includeTokens: signal(false),
  };
}

export type TransferState = ReturnType<typeof createTransferState>;
