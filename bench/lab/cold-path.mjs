#!/usr/bin/env node
// `node bench/lab/cold-path.mjs [--reps 3] [--variants jsep,plain,compile-jsep,compile-plain]`:
// where a cold ORT start goes (worker start, module import, .wasm fetch and compile, session creation, first runs).
import { runPage } from '../harness.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const rows = await runPage('bench/lab/cold-path.html', { query: args, onLog: (l) => process.stderr.write(`${l}\n`) });
const byVariant = new Map();
for (const r of rows) byVariant.set(r.variant, [...(byVariant.get(r.variant) ?? []), r]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [v, rs] of byVariant) {
  console.log(`\n${v} (median of ${rs.length}, ms):`);
  for (const k of Object.keys(rs[0]).filter((k) => k !== 'variant')) console.log(`  ${k.padEnd(40)} ${Math.round(median(rs.map((r) => r[k])))}`);
}
