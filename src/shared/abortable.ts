/**
 * The one race of a promise against an AbortSignal, for both realms (the
 * client's worker bridge and endpoint, the worker's cache lock). After
 * Squoosh's `abortable` (src/client/lazy-app/util/index.ts).
 */
import { abortReason } from './errors';

const ignore = () => {};

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it
 * aborts (at once when it already has). The promise that loses the race gets a
 * handler, so its later rejection never surfaces as an unhandled rejection.
 *
 * @example
 * const usage = await abortable(signal, bridge.invoke((w) => w.cacheUsage()));
 */
export function abortable<T>(signal: AbortSignal | null | undefined, promise: Promise<T>): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(ignore);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(ignore);
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
