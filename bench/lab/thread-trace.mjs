#!/usr/bin/env node
// `node bench/lab/thread-trace.mjs [--bucket 20] [--keep trace.json]`: a Chrome trace of one 12 MP task
// (thread-trace-page.ts), cut to the task, as a timeline: per thread (renderer main, the worker, the
// thread pool's, V8's helpers, ...), the ms it ran tasks in each bucket; then the longest slices of
// the worker and the thread pool in the first 600 ms (the decode and prepare): when the image's
// decode ('Decode Image') starts and ends, the mask's work, the bitmap's hand-over.
import { runPage, cliArgs } from '../harness.mjs';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = cliArgs();
const bucket = Number(args.bucket ?? 20);
const file = args.keep ?? path.join(tmpdir(), `thread-trace-${process.pid}.json`);
const categories = ['toplevel', 'devtools.timeline', 'v8', 'blink', 'disabled-by-default-devtools.timeline', '__metadata'];
const timings = await runPage('bench/lab/thread-trace.html', { trace: { path: file, categories }, onLog: () => {} });
const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;
if (!args.keep) rmSync(file);
const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const stamp = (m) => events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m)?.ts;
const [t0, t1] = [stamp('task-start'), stamp('task-end')];
// A thread is busy while one of its tasks runs (the union of those slices: nested ones count once).
// 'RunTask' (devtools timeline) wraps every task of Blink's threads, the worker's included, where
// the 'toplevel' category misses most of a worker's; 'ThreadPool_RunTask' the thread pool's.
const TASK_SLICES = new Set(['RunTask', 'ThreadPool_RunTask']);
const spans = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur || !TASK_SLICES.has(e.name) || e.ts + e.dur < t0 || e.ts > t1) continue;
  const key = `${e.pid}:${e.tid}`;
  if (!spans.has(key)) spans.set(key, []);
  spans.get(key).push([Math.max(e.ts, t0), Math.min(e.ts + e.dur, t1)]);
}
const busy = new Map();
for (const [key, list] of spans) {
  list.sort((a, b) => a[0] - b[0]);
  const row = new Float64Array(Math.ceil((t1 - t0) / 1000 / bucket) + 1);
  let end = t0;
  for (const [a0, b] of list) {
    for (let t = Math.max(a0, end); t < b; ) {
      const i = Math.floor((t - t0) / 1000 / bucket);
      const stop = Math.min(b, t0 + (i + 1) * bucket * 1000);
      row[i] += (stop - t) / 1000;
      t = stop;
    }
    end = Math.max(end, b);
  }
  busy.set(key, row);
}
console.log(`task ${((t1 - t0) / 1000).toFixed(0)} ms; stages: ${Object.entries(timings).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
console.log(`ms busy per ${bucket} ms bucket (threads with over 5 ms in all):`);
const rows = [...busy].filter(([, r]) => r.reduce((a, b) => a + b, 0) > 5).sort((a, b) => b[1].reduce((x, y) => x + y, 0) - a[1].reduce((x, y) => x + y, 0));
for (const [key, r] of rows) console.log(`${(names.get(key) ?? key).slice(0, 24).padEnd(24)} ${String(Math.round(r.reduce((a, b) => a + b, 0))).padStart(5)} | ${[...r].map((v) => String(Math.round(v)).padStart(2)).join(' ')}`);
console.log('slices over 3 ms on the worker and the thread pool in the first 600 ms: start ms, duration ms, thread, name (task origin):');
for (const e of events) {
  const name = names.get(`${e.pid}:${e.tid}`) ?? '';
  const at = (e.ts - t0) / 1000;
  if (e.ph !== 'X' || !e.dur || e.dur < 3000 || at < 0 || at > 600 || !/DedicatedWorker|ThreadPoolForeground/.test(name)) continue;
  if (!/RunTask|Decode Image|Inflate|GC_MC_BACKGROUND/.test(e.name) || e.name === 'ThreadControllerImpl::RunTask') continue;
  console.log(`  ${at.toFixed(0).padStart(5)} ${(e.dur / 1000).toFixed(0).padStart(5)}  ${name.slice(0, 24).padEnd(24)} ${e.name} ${e.args?.src_func ?? ''}`);
}
