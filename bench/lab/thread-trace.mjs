#!/usr/bin/env node
// `node bench/lab/thread-trace.mjs [--bucket 20] [--keep trace.json]`: a Chrome trace of one 12 MP task
// (thread-trace-page.ts), cut to the task, as a timeline: per thread (renderer main, the worker, the
// thread pool's, V8's helpers, ...), the ms it ran top-level tasks in each bucket. Shows which
// threads are busy while the image decodes, and when each stage's work runs.
import { runPage } from '../harness.mjs';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const bucket = Number(args.bucket ?? 20);
const file = args.keep ?? path.join(tmpdir(), `thread-trace-${process.pid}.json`);
const categories = ['toplevel', 'devtools.timeline', 'v8', 'blink', 'disabled-by-default-devtools.timeline', '__metadata'];
const timings = await runPage('bench/lab/thread-trace.html', { trace: { path: file, categories }, onLog: () => {} });
const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;
if (!args.keep) rmSync(file);
const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const stamp = (m) => events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m)?.ts;
const [t0, t1] = [stamp('task-start'), stamp('task-end')];
// A thread is busy while one of its top-level tasks runs (the union of those slices: nested ones count once).
const spans = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur || !e.cat.split(',').includes('toplevel') || e.ts + e.dur < t0 || e.ts > t1) continue;
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
