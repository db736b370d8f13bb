#!/usr/bin/env node
// `node bench/lab/hash-task.mjs`: output hashes of a few built-in tasks (see hash-task-page.ts).
import { runPage } from '../harness.mjs';

console.log(JSON.stringify(await runPage('bench/lab/hash-task.html', { onLog: () => {} }), null, 1));
