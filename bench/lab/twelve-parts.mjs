#!/usr/bin/env node
// `node bench/lab/twelve-parts.mjs [--reps 5]`: each part of the 12 MP path's non-model work, timed alone
// in a worker (w_: decode, p_: prepare, e_: encode, x_: alternatives), beside the page's own decode + PNG encode.
import { runPage } from '../harness.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const rows = await runPage('bench/lab/twelve-parts.html', { query: args, onLog: (l) => process.stderr.write(`${l}\n`) });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median of ${rows.length}, ms:`);
for (const k of Object.keys(rows[0])) console.log(`  ${k.padEnd(20)} ${Math.round(median(rows.map((r) => r[k])))}`);
