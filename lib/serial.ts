/**
 * A queue that runs async tasks one after another: each read-change-write of a stored
 * document runs alone, so two quick clicks (or a send and an edit) cannot interleave. A failed
 * task fails only its own caller; the next one still runs.
 *
 * @example
 * const serial = createSerialQueue();
 * await Promise.all([serial(() => add('a')), serial(() => add('b'))]); // add('b') starts after add('a') settled
 */
export function createSerialQueue() {
  let queue: Promise<unknown> = Promise.resolve();
  return function serial<T>(task: () => Promise<T>): Promise<T> {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };
}
