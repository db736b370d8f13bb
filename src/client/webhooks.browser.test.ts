/**
 * deliverWebhook in real Chromium against a real HTTP receiver on another
 * origin (started by test/servers/global-setup.ts), so that CORS preflights,
 * the no-cors fallback and retries happen as they would for a user.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { WebhookModeCache, deliverWebhook } from './webhooks';
import type { WebhookAttempt } from './webhooks';
import type { ReceivedRequest } from '../../test/servers/webhook-receiver';
import type { WebhookPayload } from '../request/types';

const server = inject('webhookServer');
if (!server) {
  throw new Error("inject('webhookServer') is empty: add './test/servers/global-setup.ts' to the browser project's test.globalSetup");
}

async function received(): Promise<ReceivedRequest[]> {
  const res = await fetch(`${server}/__received`);
  return (await res.json()) as ReceivedRequest[];
}

/** The receiver records asynchronously to us; poll briefly for a no-cors POST we cannot observe. */
async function receivedPosts(path: string, count: number): Promise<ReceivedRequest[]> {
  for (let i = 0; i < 100; i++) {
    const posts = (await received()).filter((r) => r.method === 'POST' && r.path === path);
    if (posts.length >= count) return posts;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`receiver never got ${count} POST(s) on ${path}`);
}

function payload(taskId: string): WebhookPayload {
  return { task_id: taskId, status: 'COMPLETED', generated: [`blob:${location.origin}/${taskId}`] };
}

describe('deliverWebhook in Chromium', () => {
  beforeEach(async () => {
    await fetch(`${server}/__reset`, { method: 'POST' });
  });

  it('runs cross-origin: the page and the receiver are different origins', () => {
    expect(server).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(server).origin).not.toBe(location.origin);
  });

  it('delivers JSON via CORS to a receiver that allows it', async () => {
    const attempts: WebhookAttempt[] = [];
    const body = payload('cors-1');
    const result = await deliverWebhook(`${server}/hook`, body, {
      modeCache: new WebhookModeCache(), onAttempt: (a) => attempts.push(a),
    });
    expect(result).toEqual({ delivered: true, attempts: 1, mode: 'cors' });
    expect(attempts).toEqual([{ attempt: 1, mode: 'cors', ok: true, status: 200 }]);
    const all = await received();
    // application/json is not CORS-safelisted, so the browser preflighted it.
    expect(all.filter((r) => r.path === '/hook').map((r) => r.method)).toEqual(['OPTIONS', 'POST']);
    const [post] = await receivedPosts('/hook', 1);
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.body).toBe(JSON.stringify(body));
    expect(post.json).toEqual(body);
  });

  it('falls back to a no-cors simple request when the receiver has no CORS, and the JSON still arrives', async () => {
    const cache = new WebhookModeCache();
    const attempts: WebhookAttempt[] = [];
    const body = payload('nocors-1');
    const result = await deliverWebhook(`${server}/hook-nocors`, body, {
      modeCache: cache, onAttempt: (a) => attempts.push(a),
    });
    expect(result).toEqual({ delivered: true, attempts: 2, mode: 'no-cors' });
    expect(attempts.map((a) => [a.mode, a.ok])).toEqual([['cors', false], ['no-cors', true]]);
    expect(attempts[0].error).toMatch(/^TypeError/);

    const [post] = await receivedPosts('/hook-nocors', 1);
    expect(post.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(post.json).toEqual(body);
    // Only the preflight preceded it: the failed CORS POST itself was never sent.
    expect((await received()).filter((r) => r.path === '/hook-nocors').map((r) => r.method)).toEqual(['OPTIONS', 'POST']);

    // The next delivery to that receiver goes straight to no-cors: no preflight, one attempt.
    const second = await deliverWebhook(`${server}/hook-nocors`, payload('nocors-2'), { modeCache: cache });
    expect(second).toEqual({ delivered: true, attempts: 1, mode: 'no-cors' });
    const posts = await receivedPosts('/hook-nocors', 2);
    expect(posts.map((p) => (p.json as WebhookPayload).task_id)).toEqual(['nocors-1', 'nocors-2']);
    expect((await received()).filter((r) => r.method === 'OPTIONS')).toHaveLength(1);
  });

  it('retries a flaky receiver with backoff until it answers 200', async () => {
    const delays: number[] = [];
    const body = payload('flaky-1');
    const result = await deliverWebhook(`${server}/hook-flaky?fail=2&key=flaky-1`, body, {
      modeCache: new WebhookModeCache(),
      baseDelayMs: 20,
      maxDelayMs: 100,
      random: () => 0,
      sleep: (ms) => {
        delays.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    });
    expect(result).toEqual({ delivered: true, attempts: 3, mode: 'cors' });
    expect(delays).toEqual([10, 20]);
    const posts = await receivedPosts('/hook-flaky', 3);
    expect(posts.map((p) => p.json)).toEqual([body, body, body]);
  });

  it('gives up, without throwing, on a receiver that keeps failing', async () => {
    const result = await deliverWebhook(`${server}/hook-flaky?fail=99&key=down`, payload('down-1'), {
      modeCache: new WebhookModeCache(), retries: 2, baseDelayMs: 1, maxDelayMs: 2,
    });
    expect(result).toEqual({ delivered: false, attempts: 3, mode: 'cors' });
  });
});
