/**
 * A promise made on the first call and shared by every call after it. One that failed is not
 * kept, so the next call tries again; `forget()` drops a good one too, when what it was made
 * from has changed.
 *
 * @example
 * const sites = retryOnce(loadSites);
 * await sites.get(); // loads; later calls share the answer
 * config.watch(() => sites.forget());
 */
export function retryOnce<T>(make: () => Promise<T>): { get(): Promise<T>; forget(): void; held(): boolean } {
  let made: Promise<T> | undefined;
  return {
    get: () => (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    })),
    forget: () => {
      made = undefined;
    },
    /** Whether a promise is kept: made, or being made. */
    held: () => made !== undefined,
  };
}
