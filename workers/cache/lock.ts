import { abortable } from '../../src/shared/abortable';

const tails = new Map<string, Promise<void>>();

/**
 * Runs `fn` after every earlier holder of `key` has settled, so two loads of
 * the same URL never write the same chunk keys at once; the second one then
 * finds the first one's complete entry. Waiting honours `signal`. Unlike a
 * shared in-flight promise, one caller's abort never cancels another's load.
 */
export async function withLock<T>(key: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  try {
    await abortable(signal, previous);
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
