import type { ReplyIssue } from './errors';
import { RequestSchemas, type Envelope, type MessageType, type Reply, type RequestOf, type ResponseMap } from './protocol';

export type Handlers = { [T in MessageType]: (data: RequestOf<T>) => Promise<ResponseMap[T]> };

export interface SenderInfo {
  id?: string;
  url?: string;
}

/**
 * Builds the background's `runtime.onMessage` handler. Only the extension's own pages
 * (popup, options, side panel) may command it: a message from a web page or a content
 * script, or with data that does not match its schema, is refused without acting.
 */
export function createMessageRouter(handlers: Handlers, self: { extensionId: string; extensionOrigin: string }) {
  return async (message: unknown, sender: SenderInfo): Promise<Reply<unknown>> => {
    if (sender.id !== self.extensionId || !sender.url?.startsWith(self.extensionOrigin)) {
      return { ok: false, error: { kind: 'refused', message: 'Refused: only Flagtab\'s own pages may send this message.' } };
    }
    const envelope = message as Partial<Envelope> | null;
    const type = envelope?.type;
    if (typeof type !== 'string' || !Object.hasOwn(RequestSchemas, type)) {
      return { ok: false, error: { kind: 'unknown-type', message: `Unknown message type ${JSON.stringify(type)}.` } };
    }
    const schema = RequestSchemas[type as MessageType]();
    const parsed = schema.safeParse(envelope?.data);
    if (!parsed.success) {
      const issues: ReplyIssue[] = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
      const first = issues[0]?.path[0];
      return {
        ok: false,
        error: {
          kind: 'invalid',
          message: `Invalid "${type}" message: ${issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ')}`,
          ...(typeof first === 'string' ? { field: first } : {}),
          issues,
        },
      };
    }
    try {
      const handler = handlers[type as MessageType] as (data: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      // The page gets the message; the console keeps the whole error and its cause chain.
      console.error(`Flagtab: "${type}" failed`, error);
      return { ok: false, error: { kind: 'failed', message: error instanceof Error ? error.message : String(error) } };
    }
  };
}
