#!/usr/bin/env node
// `node bench/lab/shrink-times.mjs [--reps 15]`: ms per call of the 12 MP task's shrink in a Chromium worker
// (shrink-times.worker.ts) and the task's bilinear upsample after it, each call in a row: the first (cold), then the min and median of the rest.
import { runPage, cliArgs, median } from '../harness.mjs';

const args = cliArgs();
const rows = await runPage('bench/lab/shrink-times.html', { query: args, onLog: (l) => process.stderr.write(`${l}\n`) });
const rest = rows.slice(1);
console.log(`${rows.length} calls, ms: part first / min / median of the rest`);
for (const k of Object.keys(rows[0])) console.log(`  ${k.padEnd(12)} ${rows[0][k].toFixed(1)} / ${Math.min(...rest.map((r) => r[k])).toFixed(1)} / ${median(rest.map((r) => r[k])).toFixed(1)}`);
