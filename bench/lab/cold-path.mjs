#!/usr/bin/env node
// `node bench/lab/cold-path.mjs [--reps 3] [--variants jsep,plain,compile-jsep,compile-plain]`:
// where a cold ORT start goes (worker start, module import, .wasm fetch and compile, session creation, first runs).
import { runPage, cliArgs, median } from '../harness.mjs';

const args = cliArgs();
const rows = await runPage('bench/lab/cold-path.html', { query: args, onLog: (l) => process.stderr.write(`${l}\n`) });
const byVariant = new Map();
for (const r of rows) byVariant.set(r.variant, [...(byVariant.get(r.variant) ?? []), r]);
for (const [v, rs] of byVariant) {
  console.log(`\n${v} (median of ${rs.length}, ms):`);
  for (const k of Object.keys(rs[0]).filter((k) => k !== 'variant')) console.log(`  ${k.padEnd(40)} ${Math.round(median(rs.map((r) => r[k])))}`);
}
