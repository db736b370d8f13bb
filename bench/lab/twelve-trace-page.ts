// Lab page: `node bench/lab/twelve-trace.mjs [--mask blob|small] [--speed TURBO]`: the renderer's resident set
// over one 12 MP task (the twelve bench's task), sampled about every millisecond by the harness
// (bench/harness.mjs rssTrace), with the task's stage times, to find the moment of the peak.
import { InpaintClient } from '../../src/client/inpaint-client';
import { callWorker } from '../../src/client/worker-access';
import { reportWhenDone } from '../page-protocol';
import { timeTask } from '../time-task';
import { makeMask } from '../../test/fixtures/images';
import { twelveMegapixel } from '../scaled';

const q = new URLSearchParams(location.search);
const trace = (window as unknown as { __benchTrace: (cmd: string) => Promise<[number, number][] | number> }).__benchTrace;

reportWhenDone(async () => {
  const twelve = await twelveMegapixel();
  const big = twelve.image;
  const mask = q.get('mask') === 'small' ? await makeMask(4000, 3000, [{ x: 1900, y: 1400, width: 200, height: 150 }]) : twelve.mask;
  const client = new InpaintClient({ backend: 'wasm', persist: false });
  const body = { prompt: 'trace', seed: 1, image: big, mask, rendering_speed: q.get('speed') ?? 'TURBO' };
  const run = async () => (await timeTask(client, body)).timings;
  await run();
  await run();
  const out = [];
  for (let r = 0; r < Number(q.get('reps') ?? 2); r++) {
    (globalThis as { gc?: () => void }).gc?.();
    await callWorker(client, (w) => w.collectGarbage());
    await trace('start');
    await new Promise((res) => setTimeout(res, 30));
    const t0 = performance.timeOrigin + performance.now();
    const timings = await run();
    const t1 = performance.timeOrigin + performance.now();
    await new Promise((res) => setTimeout(res, 30));
    const samples = (await trace('stop')) as [number, number][];
    const base = samples[0][1];
    const buckets: string[] = [];
    let peak = samples[0];
    for (const s of samples) if (s[1] > peak[1]) peak = s;
    for (let t = Math.floor(samples[0][0] - t0); t <= samples[samples.length - 1][0] - t0; t += 25) {
      const inB = samples.filter((s) => s[0] - t0 >= t && s[0] - t0 < t + 25);
      if (inB.length) buckets.push(`${t}:${((Math.max(...inB.map((s) => s[1])) - base) / 1e6).toFixed(0)}`);
    }
    const during = (a: number, b: number) => Math.round((Math.max(...samples.filter((s) => s[0] - t0 >= a && s[0] - t0 < b).map((s) => s[1])) - base) / 1e6);
    const dec = (timings.decode as number) + 15;
    const enc = t1 - t0 - (timings.encode as number) - 15;
    const phases = { decode: during(-50, dec), middle: during(dec, enc), encode: during(enc, t1 - t0 + 50) };
    const row = { phases, task_ms: Math.round(t1 - t0), peak_mb: +((peak[1] - base) / 1e6).toFixed(1), peak_at_ms: Math.round(peak[0] - t0), timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v as number)])), rss_mb_by_25ms: buckets.join(' ') };
    console.log(JSON.stringify(row));
    out.push(row);
  }
  client.dispose();
  return out;
});
