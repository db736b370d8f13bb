/**
 * One queue per origin and database, across tabs. Every tab's client keeps
 * its tasks in the same IndexedDB database; exactly one of them, the leader,
 * runs the queue. Leadership is a Web Lock: the browser grants it to one tab
 * at a time and releases it when that tab closes or crashes, so the next tab
 * in line takes over the unfinished tasks. A BroadcastChannel tells the other
 * tabs that a task changed (they re-read it from the store), its progress,
 * and carries their cancel requests to the leader.
 *
 * Without Web Locks or BroadcastChannel (old browsers) every client leads its
 * own queue, as a single tab always did.
 *
 * https://w3c.github.io/web-locks/ · https://html.spec.whatwg.org/multipage/web-messaging.html#broadcasting-to-other-browsing-contexts
 */
import type { Progress } from '../shared/progress';

export type TabMessage =
  /** The task's record changed in the store (created, status, outputs): re-read it. */
  | { type: 'changed'; task_id: string }
  | { type: 'progress'; task_id: string; progress: number; event: Progress }
  /** A non-leader asks the leader to cancel a task. */
  | { type: 'cancel'; task_id: string }
  | { type: 'deleted'; task_id: string };

export interface TabQueueHandlers {
  /** This client now holds the queue: take over the unfinished tasks. */
  lead(): void;
  message(message: TabMessage): void;
}

export class TabQueue {
  /** Whether the Web Locks API and BroadcastChannel are both there. */
  static get supported(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.locks && typeof BroadcastChannel === 'function';
  }

  private isLeader = false;
  private readonly channel?: BroadcastChannel;
  private readonly waiting = new AbortController();
  private release?: () => void;

  /** `name` identifies the shared queue (the database name): one leader per name and origin. */
  constructor(name: string, handlers: TabQueueHandlers) {
    if (!TabQueue.supported) {
      this.isLeader = true;
      queueMicrotask(() => handlers.lead());
      return;
    }
    this.channel = new BroadcastChannel(`local-inpaint:${name}:tasks`);
    this.channel.onmessage = (e: MessageEvent<TabMessage>) => handlers.message(e.data);
    navigator.locks
      .request(`local-inpaint:${name}:queue`, { signal: this.waiting.signal }, () => {
        this.isLeader = true;
        handlers.lead();
        // Held until dispose() or until the page goes away.
        return new Promise<void>((resolve) => (this.release = resolve));
      })
      // Rejects with an AbortError when disposed while still waiting in line.
      .catch(() => {});
  }

  /** Whether this client runs the queue. */
  get leader(): boolean {
    return this.isLeader;
  }

  /**
   * Tells the other tabs; never this one. After `dispose()` it does nothing: a
   * task still settling in a disposed client must not throw on the closed channel.
   */
  post(message: TabMessage): void {
    if (this.waiting.signal.aborted) return;
    this.channel?.postMessage(message);
  }

  /** Leaves the line, or hands the queue to the next tab. */
  dispose(): void {
    this.isLeader = false;
    this.waiting.abort();
    this.release?.();
    this.channel?.close();
  }
}
