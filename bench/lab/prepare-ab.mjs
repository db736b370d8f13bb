#!/usr/bin/env node
// `node bench/lab/prepare-ab.mjs [--reps 6]`: the 12 MP decode + prepare variants of prepare-ab.worker.ts, alternated; medians.
import { runPage, cliArgs, median } from '../harness.mjs';

const args = cliArgs();
const rows = await runPage('bench/lab/prepare-ab.html', { query: args, onLog: (l) => process.stderr.write(`${l}\n`) });
console.log(`median of ${rows.length}, ms:`);
for (const k of Object.keys(rows[0])) console.log(`  ${k.padEnd(20)} ${Math.round(median(rows.map((r) => r[k])))}`);
// Paired: each variant's total less old_order's in the same rep (the variants of a rep ran back to back).
if (rows[0].t_old_order !== undefined) {
  console.log('median per rep of (variant - old_order) in ms, and of variant / old_order (d_ against d_old_order, t_ against t_old_order):');
  for (const k of Object.keys(rows[0]).filter((k) => k !== 't_old_order' && k !== 'd_old_order')) {
    const base = k.startsWith('t_') ? 't_old_order' : 'd_old_order';
    console.log(`  ${k.padEnd(20)} ${Math.round(median(rows.map((r) => r[k] - r[base])))}  (ratio ${(median(rows.map((r) => r[k] / r[base]))).toFixed(2)})`);
  }
}
