/**
 * The bridge's queue rule after an abort, on the real worker (built-in model,
 * WASM): the caller is rejected at once, but the next call starts only when the
 * worker's side of the aborted call is over (it stopped by itself, it died, or
 * the grace period ran out and it was terminated), so two calls never run in
 * the worker at once.
 *
 * Comlink answers a call with a `message` event on the Worker object (progress
 * and cancel travel on their own ports), so listening there shows when the
 * worker's side of a call settled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InpaintJob } from '../../workers/pipelines/contract';
import { makeMask, makePhoto } from '../../test/fixtures/images';
import { InpaintError, isAbortError } from '../shared/errors';
import type { Progress } from '../shared/progress';
import { WorkerBridge, defaultWorkerFactory, type WorkerFactory } from './worker-bridge';

async function builtinJob(width: number, height: number, seeds: number, renderingSpeed: InpaintJob['renderingSpeed']): Promise<InpaintJob> {
  const hole = { x: Math.round(width / 8), y: Math.round(height / 8), width: Math.round((width * 5) / 8), height: Math.round((height * 5) / 8) };
  return {
    taskId: crypto.randomUUID(),
    image: await makePhoto(width, height),
    mask: await makeMask(width, height, [hole]),
    prompt: 'x',
    model: 'builtin-fill',
    renderingSpeed,
    seeds: Array.from({ length: seeds }, (_, i) => i + 1),
    outputFormat: 'png',
    backend: 'wasm',
  };
}

/** Real workers from `make` (default: the library's), each logging `worker N answered` when a call settles in it. */
function watched(log: string[], make: (n: number) => Worker = () => defaultWorkerFactory()): WorkerFactory {
  let n = 0;
  return () => {
    const id = ++n;
    const worker = make(id);
    worker.addEventListener('message', () => log.push(`worker ${id} answered`));
    return worker;
  };
}

const isFirstFinishedSeed = (p: Progress) => p.status === 'step' && p.index >= 1;
const abortError = () => new DOMException('The task was canceled.', 'AbortError');

/**
 * Runs `job`, aborts it at the first progress event `when` accepts and queues a
 * `cacheUsage()` call at that moment (logging "next call started" when the
 * worker gets it); resolves once both are over, with the run's rejection and
 * how long the queued call waited after the abort.
 */
async function abortAndQueue(b: WorkerBridge, job: InpaintJob, log: string[], when: (p: Progress) => boolean) {
  const controller = new AbortController();
  let next: Promise<unknown> | undefined;
  let abortedAt = 0;
  let startedAt = 0;
  const run = b.run(job, {
    signal: controller.signal,
    onProgress: (p) => {
      if (next || !when(p)) return;
      abortedAt = performance.now();
      controller.abort(abortError());
      next = b.invoke((w) => {
        startedAt = performance.now();
        log.push('next call started');
        return w.cacheUsage();
      });
    },
  });
  const err = await run.catch((e: unknown) => e);
  log.push('run rejected');
  await next;
  return { err, waited: startedAt - abortedAt };
}

describe('WorkerBridge after an abort', () => {
  let bridge: WorkerBridge | undefined;
  afterEach(() => bridge?.terminate());

  it('keeps a worker that stops within the grace period, and starts the next call only after the worker answered the aborted run', async () => {
    const log: string[] = [];
    bridge = new WorkerBridge(watched(log));
    const b = bridge;
    // 24 seeds, one run each: the run checks the cancel between seeds.
    const job = await builtinJob(640, 480, 24, 'DEFAULT');
    const { err } = await abortAndQueue(b, job, log, isFirstFinishedSeed);
    expect(isAbortError(err)).toBe(true);
    expect(log).toEqual(['run rejected', 'worker 1 answered', 'next call started', 'worker 1 answered']);
    expect(b.starts).toBe(1);
  });

  it('refuses a cancelGraceMs that is not a number of milliseconds ≥ 0, naming the option', () => {
    for (const bad of [NaN, -1]) {
      let error: unknown;
      try {
        new WorkerBridge(watched([]), { cancelGraceMs: bad });
      } catch (e) {
        error = e;
      }
      expect((error as InpaintError).code).toBe('invalid_request');
      expect((error as InpaintError).message).toContain('cancelGraceMs');
      expect((error as InpaintError).message).toContain(`got ${bad}`);
    }
  });

  it('never terminates with cancelGraceMs Infinity (past setTimeout\'s 2^31 - 1 ms limit a timer would fire at once)', async () => {
    const log: string[] = [];
    bridge = new WorkerBridge(watched(log), { cancelGraceMs: Infinity });
    const b = bridge;
    const { err } = await abortAndQueue(b, await builtinJob(640, 480, 24, 'DEFAULT'), log, isFirstFinishedSeed);
    expect(isAbortError(err)).toBe(true);
    expect(log).toEqual(['run rejected', 'worker 1 answered', 'next call started', 'worker 1 answered']);
    expect(b.starts).toBe(1);
  });

  it('terminates a worker still busy when the grace period runs out; the next call waits for that and gets a new worker', async () => {
    const log: string[] = [];
    bridge = new WorkerBridge(watched(log), { cancelGraceMs: 150 });
    const b = bridge;
    // One seed on a big crop: a single kernel of seconds, which nothing can interrupt.
    const job = await builtinJob(2400, 1600, 1, 'QUALITY');
    // `step 0` is sent right before the run: the worker is inside the kernel then.
    const { err, waited } = await abortAndQueue(b, job, log, (p) => p.status === 'step');
    expect(isAbortError(err)).toBe(true);
    // Worker 1 never answered: it was terminated inside the kernel.
    expect(log).toEqual(['run rejected', 'next call started', 'worker 2 answered']);
    expect(b.starts).toBe(2);
    expect(waited).toBeGreaterThanOrEqual(140);
  });

  it('rejects cleanly when the worker dies during the grace period, and goes on with a new worker at once', async () => {
    const log: string[] = [];
    // The first worker dies on its first message (test/fixtures/crash.worker.ts).
    bridge = new WorkerBridge(
      watched(log, (n) => (n === 1 ? new Worker(new URL('../../test/fixtures/crash.worker.ts', import.meta.url), { type: 'module' }) : defaultWorkerFactory())),
      { cancelGraceMs: 60_000 },
    );
    const b = bridge;
    const controller = new AbortController();
    const run = b.run(await builtinJob(64, 48, 1, 'TURBO'), { signal: controller.signal });
    // Let the call reach the worker, then abort before the worker has even booted.
    await new Promise((r) => setTimeout(r, 0));
    controller.abort(abortError());
    const t0 = performance.now();
    const err = await run.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    const usage = await b.invoke((w) => w.cacheUsage());
    expect(typeof usage.bytes).toBe('number');
    // Far less than the 60 s grace: the crash ended the turn.
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(b.starts).toBe(2);
    expect(log).toEqual(['worker 2 answered']);
  });

  it('dispose() rejects the running call and the calls queued behind it, and never starts another worker', async () => {
    const log: string[] = [];
    bridge = new WorkerBridge(watched(log));
    const b = bridge;
    let running!: () => void;
    const inWorker = new Promise<void>((resolve) => (running = resolve));
    const first = b.run(await builtinJob(640, 480, 4, 'DEFAULT'), { onProgress: () => running() }).catch((e: unknown) => e);
    const queued = b.invoke((w) => {
      log.push('queued call started');
      return w.cacheUsage();
    }).catch((e: unknown) => e);
    await inWorker;
    b.dispose();
    const [firstErr, queuedErr] = await Promise.all([first, queued]);
    expect(isAbortError(firstErr)).toBe(true);
    expect(isAbortError(queuedErr)).toBe(true);
    const later = await b.invoke((w) => w.cacheUsage()).catch((e: unknown) => e);
    expect(isAbortError(later)).toBe(true);
    expect((later as Error).message).toBe('The inpainting worker was disposed.');
    // Only the first worker ever ran, and no call reached a worker after the dispose.
    expect(b.starts).toBe(1);
    expect(log.filter((l) => l !== 'worker 1 answered')).toEqual([]);
  });

  it('rejects a queued call at once when its signal aborts; it never reaches the worker and the queue goes on', async () => {
    const log: string[] = [];
    bridge = new WorkerBridge(watched(log));
    const b = bridge;
    const first = b.run(await builtinJob(640, 480, 2, 'DEFAULT')).then(() => log.push('first resolved'));
    const controller = new AbortController();
    const queued = b.invoke((w) => {
      log.push('queued call started');
      return w.cacheUsage();
    }, controller.signal);
    controller.abort(abortError());
    const err = await queued.catch((e: unknown) => e);
    log.push('queued call rejected');
    expect(isAbortError(err)).toBe(true);
    const third = b.invoke((w) => {
      log.push('third call started');
      return w.cacheUsage();
    });
    await Promise.all([first, third]);
    expect(log).toEqual(['queued call rejected', 'worker 1 answered', 'first resolved', 'third call started', 'worker 1 answered']);
    expect(b.starts).toBe(1);
  });
});
