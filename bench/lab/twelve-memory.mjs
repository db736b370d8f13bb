#!/usr/bin/env node
// `node bench/lab/twelve-memory.mjs [--reps 3]`: peak rise ÷ 48 MB around the 12 MP decode and encode alone (see twelve-memory-page.ts).
import { runPage } from '../harness.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
console.log(JSON.stringify(await runPage('bench/lab/twelve-memory.html', { query: args, exposeGc: true, onLog: (l) => process.stderr.write(`${l}\n`) })));
