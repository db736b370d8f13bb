import { describe, expect, it } from 'vitest';
import { TabQueue } from './tab-queue';

// Node has BroadcastChannel but no Web Locks (no navigator at all on Node 20): the fallback a browser without them gets.
describe('TabQueue without Web Locks', () => {
  it('leads at once and alone, as a single tab always did, and posts to nobody', async () => {
    expect(TabQueue.supported).toBe(false);
    const leads: string[] = [];
    const messages: unknown[] = [];
    const a = new TabQueue('db', { lead: () => leads.push('a'), message: (m) => messages.push(m) });
    const b = new TabQueue('db', { lead: () => leads.push('b'), message: (m) => messages.push(m) });
    await Promise.resolve();
    expect([a.leader, b.leader]).toEqual([true, true]);
    expect(leads).toEqual(['a', 'b']);
    a.post({ type: 'changed', task_id: 't' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(messages).toEqual([]);
    a.dispose();
    expect(a.leader).toBe(false);
    b.dispose();
  });
});
