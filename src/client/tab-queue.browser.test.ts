import { describe, expect, it } from 'vitest';
import { TabQueue } from './tab-queue';

describe('TabQueue with Web Locks and BroadcastChannel', () => {
  it('post() after dispose() does nothing (a task settling in a disposed client must not throw on the closed channel)', async () => {
    expect(TabQueue.supported).toBe(true);
    const other: unknown[] = [];
    const name = 'tq-' + crypto.randomUUID();
    const peer = new BroadcastChannel(`local-inpaint:${name}:tasks`);
    peer.onmessage = (e) => other.push(e.data);
    const q = new TabQueue(name, { lead: () => {}, message: () => {} });
    q.post({ type: 'changed', task_id: 'before' });
    q.dispose();
    expect(() => q.post({ type: 'changed', task_id: 'after' })).not.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(other).toEqual([{ type: 'changed', task_id: 'before' }]);
    peer.close();
  });
});
