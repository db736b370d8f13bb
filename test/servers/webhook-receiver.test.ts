import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from './webhook-receiver';
import type { ReceivedRequest, WebhookReceiver } from './webhook-receiver';
import { WebhookModeCache, deliverWebhook } from '../../src/client/webhooks';

let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

describe('webhook receiver', () => {
  it('listens on 127.0.0.1 with a random port', () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('records a POST with path, headers, raw body, parsed JSON and time', async () => {
    const before = Date.now();
    const res = await fetch(`${receiver.url}/hook?x=1`, {
      method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const list = (await (await fetch(`${receiver.url}/__received`)).json()) as ReceivedRequest[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ method: 'POST', path: '/hook', url: '/hook?x=1', body: '{"a":1}', json: { a: 1 } });
    expect(list[0].headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(list[0].time).toBeGreaterThanOrEqual(before);
    expect(receiver.received).toHaveLength(1);
  });

  it('keeps json null for a body that is not JSON', async () => {
    await fetch(`${receiver.url}/hook`, { method: 'POST', body: 'not json' });
    expect(receiver.received[0]).toMatchObject({ body: 'not json', json: null });
  });

  it('answers the preflight on /hook and sends no CORS header at all on /hook-nocors', async () => {
    const preflight = await fetch(`${receiver.url}/hook`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    for (const method of ['OPTIONS', 'POST']) {
      const res = await fetch(`${receiver.url}/hook-nocors`, { method, headers: { origin: 'http://localhost:5173' } });
      const cors = [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));
      expect(cors, method).toEqual([]);
    }
  });

  it('fails /hook-flaky `fail` times per key, then answers 200; /__reset forgets', async () => {
    const statuses = async (key: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await fetch(`${receiver.url}/hook-flaky?fail=2&key=${key}`, { method: 'POST' })).status);
      return out;
    };
    expect(await statuses('a', 3)).toEqual([503, 503, 200]);
    expect(await statuses('b', 1)).toEqual([503]);
    expect((await fetch(`${receiver.url}/hook-flaky`, { method: 'POST' })).status).toBe(503); // default fail=2
    const reset = await fetch(`${receiver.url}/__reset`, { method: 'POST' });
    expect(await reset.json()).toEqual({ ok: true });
    expect(receiver.received).toEqual([]);
    expect(await statuses('a', 1)).toEqual([503]);
  });

  it('answers 404 on other paths without recording them', async () => {
    expect((await fetch(`${receiver.url}/elsewhere`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(receiver.received).toEqual([]);
  });

  it('receives deliverWebhook retries from Node (no CORS in Node, so the CORS path is taken)', async () => {
    const payload = { task_id: 'node-1', status: 'COMPLETED' as const, generated: [] };
    const result = await deliverWebhook(`${receiver.url}/hook-flaky?fail=1&key=node`, payload, {
      modeCache: new WebhookModeCache(), baseDelayMs: 1, maxDelayMs: 2,
    });
    expect(result).toEqual({ delivered: true, attempts: 2, mode: 'cors' });
    expect(receiver.received.map((r) => r.json)).toEqual([payload, payload]);
  });
});
