// `node bench/lab/dump.mjs OUTDIR [TURBO,DEFAULT,QUALITY] [aloe,boats]`: the texture lab, first half.
// Runs the built-in fill with the texture off (gain 0) in a page, in the same
// code path as the worker (runBuiltinFill, WASM), on the dev corpus with the
// hole blanked as `npm run eval` does, and writes per case the crop holding the
// structure fill (`*.structure.rgba`), the original crop and the hole map, with
// meta.json. bench/lab/sim.mjs then replays only the texture on them in Node:
// seconds per variant instead of minutes, with the same bytes and scores as
// `npm run eval` (checked: 36 of 36 cases identical at DEFAULT).
import { dumpFromPage } from './dump-run.mjs';

await dumpFromPage('bench/lab/dump.html', process.argv.slice(2));
