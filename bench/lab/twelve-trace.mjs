#!/usr/bin/env node
// `node bench/lab/twelve-trace.mjs [--mask blob|small] [--speed TURBO] [--reps 2]`: the renderer's resident set over a 12 MP task (see twelve-trace-page.ts).
import { runPage, cliArgs } from '../harness.mjs';

const args = cliArgs();
await runPage('bench/lab/twelve-trace.html', { query: args, exposeGc: true, onLog: (l) => process.stderr.write(`${l}\n`) });
