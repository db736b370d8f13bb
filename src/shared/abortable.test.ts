import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { abortable } from './abortable';

/** Rejections nobody handled while a test ran (Node reports them after a macrotask). */
let unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', record);
});
afterEach(() => {
  process.off('unhandledRejection', record);
});

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 10));

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('abortable', () => {
  it('settles like the promise when the signal never aborts, and removes its listener', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => (listeners++, add(...args))) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (listeners--, remove(...args))) as typeof remove;
    await expect(abortable(controller.signal, Promise.resolve(42))).resolves.toBe(42);
    await expect(abortable(controller.signal, Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(listeners).toBe(0);
  });

  it('rejects with the reason of a signal aborted before the call, and the loser that rejects later is not unhandled', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('stop', 'AbortError'));
    const loser = deferred<number>();
    await expect(abortable(controller.signal, loser.promise)).rejects.toMatchObject({ name: 'AbortError', message: 'stop' });
    loser.reject(new Error('worker gone'));
    await macrotask();
    expect(unhandled).toEqual([]);
  });

  it('rejects at the abort while the promise is pending, and the loser that rejects later is not unhandled', async () => {
    const controller = new AbortController();
    const loser = deferred<number>();
    const raced = abortable(controller.signal, loser.promise);
    controller.abort();
    await expect(raced).rejects.toMatchObject({ name: 'AbortError' });
    loser.reject(new Error('late failure'));
    await macrotask();
    expect(unhandled).toEqual([]);
  });

  it('passes the promise through untouched without a signal', () => {
    const p = Promise.resolve(1);
    expect(abortable(undefined, p)).toBe(p);
    expect(abortable(null, p)).toBe(p);
  });
});
