import { describe, expect, it } from 'vitest';
import { withLock } from './lock';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('withLock', () => {
  it('runs holders of one key one after another, and other keys in parallel', async () => {
    const order: string[] = [];
    const job = (name: string) => async () => {
      order.push(`${name}:start`);
      await tick();
      order.push(`${name}:end`);
      return name;
    };
    const results = await Promise.all([withLock('a', undefined, job('a1')), withLock('a', undefined, job('a2')), withLock('b', undefined, job('b1'))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(order.indexOf('a1:end')).toBeLessThan(order.indexOf('a2:start'));
    expect(order.indexOf('b1:start')).toBeLessThan(order.indexOf('a1:end'));
  });

  it('lets the next holder run after a failure', async () => {
    const first = withLock('c', undefined, async () => {
      throw new Error('boom');
    });
    const second = withLock('c', undefined, async () => 'ok');
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
  });

  it('rejects a waiter whose signal aborts, without cancelling the holder', async () => {
    let release!: () => void;
    const holder = withLock('d', undefined, () => new Promise<string>((r) => (release = () => r('held'))));
    const controller = new AbortController();
    const waiter = withLock('d', controller.signal, async () => 'never');
    controller.abort();
    await expect(waiter).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await expect(holder).resolves.toBe('held');
    await expect(withLock('d', undefined, async () => 'after')).resolves.toBe('after');
  });
});
