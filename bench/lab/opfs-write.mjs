#!/usr/bin/env node
// `node bench/lab/opfs-write.mjs`: ms to store 200 MiB in OPFS from a dedicated worker, five ways
// (a file per 4 MiB chunk through a sync access handle, as workers/cache does; one file and one
// handle; a createWritable per chunk, awaited or all at once; one createWritable), the WebCrypto
// sha256 of the 200 MiB, and a plain fetch of as many bytes from the loopback server: three runs each.
import { runPage } from '../harness.mjs';

const out = await runPage('bench/lab/opfs-write.html', { onLog: () => {} });
for (const [way, ms] of Object.entries(out)) console.log(`${way.padEnd(24)} ${ms.join(' / ')} ms`);
