#!/usr/bin/env node
// `node bench/lab/twelve-parts.mjs [--reps 5]`: each part of the 12 MP path's non-model work, timed alone
// in a worker (w_: decode, p_: prepare, e_: encode, x_: alternatives), beside the page's own decode + PNG encode.
import { runPage, cliArgs, median } from '../harness.mjs';

const args = cliArgs();
const rows = await runPage('bench/lab/twelve-parts.html', { query: args, onLog: (l) => process.stderr.write(`${l}\n`) });
console.log(`median of ${rows.length}, ms:`);
for (const k of Object.keys(rows[0])) console.log(`  ${k.padEnd(20)} ${Math.round(median(rows.map((r) => r[k])))}`);
