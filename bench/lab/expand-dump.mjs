// `node bench/lab/expand-dump.mjs OUTDIR [DEFAULT,TURBO] [aloe,boats]`: the expand lab, first half.
// Runs the built-in fill on the expand task (bench/eval-expand.ts's: right 20 % cut off, seed
// 1234, WASM) in a page with the quilt's output switched off (detail 0: the structure comes
// back), and writes per photo the canvas with the structure in its hole (`*.canvas.rgba`),
// the hole map and the real photo, with meta.json. bench/lab/expand-sim.mjs then replays only
// the quilt and the paste-back in Node.
import { dumpFromPage } from './dump-run.mjs';

await dumpFromPage('bench/lab/expand-dump.html', process.argv.slice(2));
