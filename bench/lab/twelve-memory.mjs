#!/usr/bin/env node
// `node bench/lab/twelve-memory.mjs [--reps 3]`: peak rise ÷ 48 MB around the 12 MP decode and encode alone (see twelve-memory-page.ts).
import { runPage, cliArgs } from '../harness.mjs';

const args = cliArgs();
console.log(JSON.stringify(await runPage('bench/lab/twelve-memory.html', { query: args, exposeGc: true, onLog: (l) => process.stderr.write(`${l}\n`) })));
