#!/usr/bin/env node
// `node bench/lab/bitmap-trace.mjs [--reps 6]`: the 12 MP JPEG's createImageBitmap option sets
// (bitmap-trace.worker.ts) under a Chrome trace: per set, the median of the decode's own slice
// (the thread pool's 'Decode Image'), of the worker thread's task that makes the ImageBitmap
// from it (DecodeImageOnDecoderThread's reply), and of the drawImage into a CPU canvas (JS clock);
// slices, not wall time between marks, so another process's load moves them less. First rep dropped.
import { runPage, cliArgs, median } from '../harness.mjs';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = cliArgs();
const file = path.join(tmpdir(), `bitmap-trace-${process.pid}.json`);
const categories = ['toplevel', 'devtools.timeline', 'blink', 'disabled-by-default-devtools.timeline', '__metadata'];
const rows = await runPage('bench/lab/bitmap-trace.html', { query: args, trace: { path: file, categories }, onLog: () => {} });
const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;
rmSync(file);
const marks = events.filter((e) => e.name === 'TimeStamp' && /^(start|end):/.test(e.args?.data?.message ?? '')).sort((a, b) => a.ts - b.ts);
const per = {};
for (let i = 0; i + 1 < marks.length; i++) {
  const [kind, name] = marks[i].args.data.message.split(':');
  if (kind !== 'start') continue;
  const [a, b] = [marks[i].ts, marks[i + 1].ts];
  const inside = (e) => e.ph === 'X' && e.ts >= a && e.ts + e.dur <= b;
  const sum = (pred) => events.filter((e) => inside(e) && pred(e)).reduce((s, e) => s + e.dur / 1000, 0);
  (per[name] ??= []).push({
    decode: sum((e) => e.name === 'Decode Image'),
    make_bitmap: sum((e) => e.name === 'ThreadControllerImpl::RunTask' && e.args?.src_func === 'DecodeImageOnDecoderThread'),
  });
}
console.log('median ms per option set (first rep dropped): decode slice, worker task making the bitmap, JS: bitmap promise, drawImage');
for (const [name, list] of Object.entries(per)) {
  const later = list.slice(1);
  const js = rows.slice(1);
  console.log(`  ${name.padEnd(16)} decode ${median(later.map((x) => x.decode)).toFixed(0).padStart(4)}  make_bitmap ${median(later.map((x) => x.make_bitmap)).toFixed(0).padStart(4)}  bitmap ${median(js.map((r) => r[`bitmap_${name}`])).toFixed(0).padStart(4)}  draw ${median(js.map((r) => r[`draw_${name}`])).toFixed(0).padStart(4)}  hash ${rows[0][`hash_${name}`]}`);
}
