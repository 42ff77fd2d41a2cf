import { BackgroundError } from './errors';
import type { Envelope, MessageType, Reply, RequestOf, ResponseMap } from './protocol';

/**
 * The typed way for extension pages to ask the background for something.
 * `send` is `browser.runtime.sendMessage` in the extension and a fake in tests.
 *
 * @example
 * const client = createBackgroundClient((m) => browser.runtime.sendMessage(m));
 * const state = await client.request('popup/state', { tabId: 12 });
 */
export function createBackgroundClient(send: (message: Envelope) => Promise<unknown>) {
  return {
    async request<T extends MessageType>(type: T, data: RequestOf<T>): Promise<ResponseMap[T]> {
      const reply = (await send({ type, data } as Envelope)) as Reply<ResponseMap[T]> | undefined;
      if (!reply) throw new Error('Flagtab\'s background did not answer: reload the extension and try again.');
      if (!reply.ok) throw new BackgroundError(reply.error);
      return reply.result;
    },
  };
}

export type BackgroundClient = ReturnType<typeof createBackgroundClient>;
