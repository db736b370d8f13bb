import { describe, expect, it } from 'vitest';
import {
  WebhookDispatcher,
  WebhookModeCache,
  abortableSleep,
  backoffDelay,
  deliverWebhook,
  inlineImages,
} from './webhooks';
import type { WebhookAttempt, WebhookDeliveryResult } from './webhooks';
import type { WebhookPayload } from '../request/types';

const URL_A = 'https://receiver.example/hook';
const PAYLOAD: WebhookPayload = { task_id: 't-1', status: 'COMPLETED', generated: ['blob:x/1'] };

type Step = number | Error | { status: number; headers?: Record<string, string> };

/** A scripted fetch: each call consumes the next step (a status, a thrown error, or a status with headers). */
function scriptedFetch(steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    const step = steps.length > 1 ? steps.shift()! : steps[0];
    if (step instanceof Error) throw step;
    if (init?.mode === 'no-cors') return new Response(null, { status: 200 }); // stands in for the opaque response
    const { status, headers } = typeof step === 'number' ? { status: step, headers: {} } : step;
    return new Response(null, { status, headers });
  }) as typeof fetch;
  return { impl, calls };
}

/** Records backoff delays instead of waiting. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('deliverWebhook', () => {
  it('POSTs the JSON payload in CORS mode and reports a 2xx as delivered', async () => {
    const { impl, calls } = scriptedFetch([204]);
    const { delays, sleep } = recordingSleep();
    const result = await deliverWebhook(URL_A, PAYLOAD, { fetch: impl, sleep, modeCache: new WebhookModeCache() });
    expect(result).toEqual({ delivered: true, attempts: 1, mode: 'cors' });
    expect(delays).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(URL_A);
    expect(calls[0].init).toMatchObject({
      method: 'POST', mode: 'cors', keepalive: true, headers: { 'content-type': 'application/json' },
    });
    expect(calls[0].init.body).toBe('{"task_id":"t-1","status":"COMPLETED","generated":["blob:x/1"]}');
  });

  it('retries 5xx with exponential backoff until a 2xx', async () => {
    const { impl } = scriptedFetch([503, 500, 200]);
    const { delays, sleep } = recordingSleep();
    const attempts: WebhookAttempt[] = [];
    const result = await deliverWebhook(URL_A, PAYLOAD, {
      fetch: impl, sleep, random: () => 0.5, onAttempt: (a) => attempts.push(a), modeCache: new WebhookModeCache(),
    });
    expect(result).toEqual({ delivered: true, attempts: 3, mode: 'cors' });
    // base 500: caps 500 and 1000, equal jitter at 0.5 → 3/4 of each cap.
    expect(delays).toEqual([375, 750]);
    expect(attempts).toEqual([
      { attempt: 1, mode: 'cors', ok: false, status: 503 },
      { attempt: 2, mode: 'cors', ok: false, status: 500 },
      { attempt: 3, mode: 'cors', ok: true, status: 200 },
    ]);
  });

  it('bounds every delay by maxDelayMs and gives up after `retries`', async () => {
    for (const [random, expected] of [
      [() => 0.999999, [1000, 2000, 4000, 8000, 8000, 8000]],
      [() => 0, [500, 1000, 2000, 4000, 4000, 4000]],
    ] as const) {
      const { impl, calls } = scriptedFetch([502]);
      const { delays, sleep } = recordingSleep();
      const result = await deliverWebhook(URL_A, PAYLOAD, {
        fetch: impl, sleep, random, retries: 6, baseDelayMs: 1000, maxDelayMs: 8000, modeCache: new WebhookModeCache(),
      });
      expect(result).toEqual({ delivered: false, attempts: 7, mode: 'cors' });
      expect(calls).toHaveLength(7);
      expect(delays).toEqual(expected);
    }
  });

  it('retries 429 and 408 but not other 4xx', async () => {
    for (const status of [429, 408]) {
      const { impl } = scriptedFetch([status, 200]);
      const { delays, sleep } = recordingSleep();
      const result = await deliverWebhook(URL_A, PAYLOAD, { fetch: impl, sleep, modeCache: new WebhookModeCache() });
      expect(result, String(status)).toEqual({ delivered: true, attempts: 2, mode: 'cors' });
      expect(delays).toHaveLength(1);
    }
    for (const status of [400, 401, 404, 410, 422]) {
      const { impl, calls } = scriptedFetch([status, 200]);
      const { delays, sleep } = recordingSleep();
      const result = await deliverWebhook(URL_A, PAYLOAD, { fetch: impl, sleep, modeCache: new WebhookModeCache() });
      expect(result, String(status)).toEqual({ delivered: false, attempts: 1, mode: 'cors' });
      expect(calls).toHaveLength(1);
      expect(delays).toEqual([]);
    }
  });

  it('waits at least Retry-After, still capped by maxDelayMs', async () => {
    const short = scriptedFetch([{ status: 503, headers: { 'retry-after': '3' } }, 200]);
    const first = recordingSleep();
    await deliverWebhook(URL_A, PAYLOAD, { fetch: short.impl, sleep: first.sleep, random: () => 0, modeCache: new WebhookModeCache() });
    expect(first.delays).toEqual([3000]);

    const long = scriptedFetch([{ status: 429, headers: { 'retry-after': '120' } }, 200]);
    const second = recordingSleep();
    await deliverWebhook(URL_A, PAYLOAD, { fetch: long.impl, sleep: second.sleep, modeCache: new WebhookModeCache() });
    expect(second.delays).toEqual([8000]);
  });

  it('falls back to a no-cors simple request when the CORS request fails with a TypeError', async () => {
    const cache = new WebhookModeCache();
    const { impl, calls } = scriptedFetch([new TypeError('Failed to fetch'), 200]);
    const { delays, sleep } = recordingSleep();
    const result = await deliverWebhook(URL_A, PAYLOAD, { fetch: impl, sleep, modeCache: cache });
    expect(result).toEqual({ delivered: true, attempts: 2, mode: 'no-cors' });
    expect(delays).toEqual([]);
    expect(calls[1].init).toMatchObject({
      method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(calls[1].init.body).toBe(calls[0].init.body);

    // The receiver is remembered: the next delivery skips the doomed CORS try.
    const again = scriptedFetch([200]);
    expect(await deliverWebhook(`${URL_A}?n=2`, PAYLOAD, { fetch: again.impl, modeCache: cache })).toEqual({
      delivered: true, attempts: 1, mode: 'no-cors',
    });
    expect(again.calls[0].init.mode).toBe('no-cors');
    // Another path on the same origin keeps its own CORS answer.
    const other = scriptedFetch([200]);
    await deliverWebhook('https://receiver.example/other', PAYLOAD, { fetch: other.impl, modeCache: cache });
    expect(other.calls[0].init.mode).toBe('cors');
  });

  it('treats a TypeError on both modes as a network error: backs off and does not remember no-cors', async () => {
    const cache = new WebhookModeCache();
    const { impl, calls } = scriptedFetch([new TypeError('offline'), new TypeError('offline'), 200]);
    const { delays, sleep } = recordingSleep();
    const result = await deliverWebhook(URL_A, PAYLOAD, { fetch: impl, sleep, random: () => 0, modeCache: cache });
    expect(result).toEqual({ delivered: true, attempts: 3, mode: 'cors' });
    expect(calls.map((c) => c.init.mode)).toEqual(['cors', 'no-cors', 'cors']);
    expect(delays).toEqual([250]);
    expect(cache.modeFor(new URL(URL_A))).toBe('cors');
  });

  it('never throws for delivery failures', async () => {
    const { impl, calls } = scriptedFetch([new Error('boom')]);
    const { sleep } = recordingSleep();
    const result = await deliverWebhook(URL_A, PAYLOAD, {
      fetch: impl, sleep, retries: 2, modeCache: new WebhookModeCache(),
      onAttempt: () => { throw new Error('logging hook exploded'); },
    });
    expect(result).toEqual({ delivered: false, attempts: 3, mode: 'cors' });
    expect(calls.map((c) => c.init.mode)).toEqual(['cors', 'cors', 'cors']); // not a TypeError: no fallback

    const invalid = await deliverWebhook('http://[not a url', PAYLOAD, { fetch: impl });
    expect(invalid).toEqual({ delivered: false, attempts: 0, mode: 'cors' });
  });

  it('passes AbortError through: before, during a fetch and during a backoff', async () => {
    const aborted = AbortSignal.abort();
    await expect(deliverWebhook(URL_A, PAYLOAD, { signal: aborted, fetch: scriptedFetch([200]).impl }))
      .rejects.toMatchObject({ name: 'AbortError' });

    const duringFetch = new AbortController();
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () =>
        reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch;
    const pending = deliverWebhook(URL_A, PAYLOAD, { signal: duringFetch.signal, fetch: hanging });
    duringFetch.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });

    const duringSleep = new AbortController();
    const sleeping = deliverWebhook(URL_A, PAYLOAD, {
      signal: duringSleep.signal, fetch: scriptedFetch([503]).impl, baseDelayMs: 60_000, modeCache: new WebhookModeCache(),
    });
    setTimeout(() => duringSleep.abort(), 5);
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('backoffDelay and abortableSleep', () => {
  it('doubles per retry up to the cap, with jitter in [cap/2, cap]', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 500, 8000, () => 1))).toEqual([500, 1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, 500, 8000, () => 0))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it('sleeps for the given time and rejects with the reason on abort', async () => {
    const start = performance.now();
    await abortableSleep(30);
    expect(performance.now() - start).toBeGreaterThanOrEqual(25);
    const controller = new AbortController();
    const pending = abortableSleep(10_000, controller.signal);
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'stop' });
  });
});

/** A fetch whose responses the test releases one by one. */
function gatedFetch() {
  const calls: { body: WebhookPayload; release: (status: number) => void }[] = [];
  const impl = ((_: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      calls.push({ body: JSON.parse(String(init?.body)) as WebhookPayload, release: (status) => resolve(new Response(null, { status })) });
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    })) as typeof fetch;
  return { impl, calls };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('WebhookDispatcher', () => {
  it("sends one task's payloads in status order, each after the previous settles", async () => {
    const { impl, calls } = gatedFetch();
    const results: [string, WebhookDeliveryResult | { aborted: true }][] = [];
    const dispatcher = new WebhookDispatcher({
      fetch: impl, modeCache: new WebhookModeCache(), onResult: (p, r) => results.push([p.status, r]),
    });
    const returned = dispatcher.dispatch(URL_A, { task_id: 'a', status: 'CREATED', generated: [] });
    dispatcher.dispatch(URL_A, { task_id: 'a', status: 'IN_PROGRESS', generated: [] });
    dispatcher.dispatch(URL_A, { task_id: 'a', status: 'COMPLETED', generated: ['blob:1'] });
    expect(returned).toBeUndefined();
    await tick();
    expect(calls.map((c) => c.body.status)).toEqual(['CREATED']);
    calls[0].release(404); // a final failure must not hold up the next payload
    await tick();
    expect(calls.map((c) => c.body.status)).toEqual(['CREATED', 'IN_PROGRESS']);
    calls[1].release(200);
    await tick();
    calls[2].release(200);
    await dispatcher.idle();
    expect(calls.map((c) => c.body.status)).toEqual(['CREATED', 'IN_PROGRESS', 'COMPLETED']);
    expect(results).toEqual([
      ['CREATED', { delivered: false, attempts: 1, mode: 'cors' }],
      ['IN_PROGRESS', { delivered: true, attempts: 1, mode: 'cors' }],
      ['COMPLETED', { delivered: true, attempts: 1, mode: 'cors' }],
    ]);
  });

  it('delivers different tasks independently', async () => {
    const { impl, calls } = gatedFetch();
    const dispatcher = new WebhookDispatcher({ fetch: impl, modeCache: new WebhookModeCache() });
    dispatcher.dispatch(URL_A, { task_id: 'a', status: 'CREATED', generated: [] });
    dispatcher.dispatch(URL_A, { task_id: 'b', status: 'CREATED', generated: [] });
    await tick();
    expect(calls.map((c) => c.body.task_id)).toEqual(['a', 'b']);
    calls[1].release(200);
    await dispatcher.idle('b');
    calls[0].release(200);
    await dispatcher.idle();
  });

  it('dispose() abandons in-flight deliveries quietly and ignores later dispatches', async () => {
    const { impl, calls } = gatedFetch();
    const results: unknown[] = [];
    const dispatcher = new WebhookDispatcher({ fetch: impl, onResult: (_, r) => results.push(r) });
    dispatcher.dispatch(URL_A, { task_id: 'a', status: 'CREATED', generated: [] });
    await tick();
    dispatcher.dispose();
    await dispatcher.idle();
    dispatcher.dispatch(URL_A, { task_id: 'a', status: 'COMPLETED', generated: [] });
    await dispatcher.idle();
    expect(calls).toHaveLength(1);
    expect(results).toEqual([{ aborted: true }]);
  });
});

describe('inlineImages', () => {
  const payload = { task_id: 't1', status: 'COMPLETED' as const, generated: ['blob:http://page/a', 'blob:http://page/b'] };

  it('replaces blob: URLs with data: URLs of the same bytes and type', async () => {
    const a = new Blob([Uint8Array.of(0x89, 0x50, 0x4e, 0x47)], { type: 'image/png' });
    const b = new Blob([new Uint8Array(40_000).fill(7)], { type: 'image/webp' });
    const out = await inlineImages(payload, [a, b], 1_000_000);
    expect(out.generated[0]).toBe('data:image/png;base64,iVBORw==');
    expect(out.generated[1].startsWith('data:image/webp;base64,')).toBe(true);
    expect(Buffer.from(out.generated[1].split(',')[1], 'base64')).toEqual(Buffer.alloc(40_000, 7));
    expect(out.generated_note).toBeUndefined();
  });

  it('keeps the blob: URLs over the cap and says why', async () => {
    const big = new Blob([new Uint8Array(600)], { type: 'image/png' });
    const out = await inlineImages(payload, [big, big], 1000);
    expect(out.generated).toEqual(payload.generated);
    expect(out.generated_note).toBe('the 2 image(s) are 1200 bytes, over webhook.maxImageBytes (1000); generated holds blob: URLs of the submitting page');
  });
});

describe('deliverWebhook body size', () => {
  it('sends small payloads with keepalive and inlined images without it (keepalive bodies are capped at 64 KiB)', async () => {
    const inits: RequestInit[] = [];
    const fetch = (async (_url: string, init: RequestInit) => (inits.push(init), new Response(null, { status: 200 }))) as typeof globalThis.fetch;
    await deliverWebhook('https://example.com/hook', { task_id: 'a', status: 'CREATED', generated: [] }, { fetch, modeCache: new WebhookModeCache() });
    const big = `data:image/png;base64,${'A'.repeat(100_000)}`;
    await deliverWebhook('https://example.com/hook', { task_id: 'a', status: 'COMPLETED', generated: [big] }, { fetch, modeCache: new WebhookModeCache() });
    expect(inits.map((i) => i.keepalive)).toEqual([true, false]);
  });
});
