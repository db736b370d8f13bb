// Lab page: `node bench/lab/cold-path.mjs [--reps 3]` (see cold-path.worker.ts).
import jsepUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import plainUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { reportWhenDone } from '../page-protocol';

const q = new URLSearchParams(location.search);
const reps = Number(q.get('reps') ?? 3);
const variants = (q.get('variants') ?? 'jsep,plain,compile-jsep,compile-plain').split(',');
const abs = (u: string) => new URL(u, location.href).href;

async function once(variant: string) {
  const spawn = performance.timeOrigin + performance.now();
  const w = new Worker(new URL('./cold-path.worker.ts', import.meta.url), { type: 'module' });
  const ready = await new Promise<number>((r) => (w.onmessage = (e) => r(e.data.ready)));
  const result = await new Promise<Record<string, number>>((r) => {
    w.onmessage = (e) => r(e.data);
    w.postMessage({ variant, jsepUrl: abs(jsepUrl), plainUrl: abs(plainUrl), runs: 3 });
  });
  w.terminate();
  const row = { variant, worker_spawn_to_ready: ready - spawn, ...result };
  delete (row as Record<string, unknown>).worker_start_abs;
  console.log(JSON.stringify(row, (_k, v) => (typeof v === 'number' ? Math.round(v) : v)));
  await new Promise((r) => setTimeout(r, 500));
  return row;
}

reportWhenDone(async () => {
  const rows = [];
  for (let r = 0; r < reps; r++) for (const v of variants) rows.push(await once(v));
  return rows;
});
