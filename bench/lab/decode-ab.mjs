#!/usr/bin/env node
// `node bench/lab/decode-ab.mjs [--reps 6]`: the 12 MP decode variants of decode-ab.worker.ts, alternated; medians.
import { runPage, cliArgs, median } from '../harness.mjs';

const args = cliArgs();
const rows = await runPage('bench/lab/decode-ab.html', { query: args, onLog: (l) => process.stderr.write(`${l}\n`) });
console.log(`median of ${rows.length}, ms:`);
for (const k of Object.keys(rows[0])) console.log(`  ${k.padEnd(20)} ${Math.round(median(rows.map((r) => r[k])))}`);
