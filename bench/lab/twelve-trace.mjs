#!/usr/bin/env node
// `node bench/lab/twelve-trace.mjs [--mask blob|small] [--speed TURBO] [--reps 2]`: the renderer's resident set over a 12 MP task (see twelve-trace-page.ts).
import { runPage } from '../harness.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
await runPage('bench/lab/twelve-trace.html', { query: args, exposeGc: true, onLog: (l) => process.stderr.write(`${l}\n`) });
