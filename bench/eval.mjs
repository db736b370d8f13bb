#!/usr/bin/env node
// `npm run eval [-- --speeds TURBO,DEFAULT,QUALITY] [--only aloe,boats]`: quality of
// the built-in model on ../shared/corpus/dev beside the OpenCV baseline.
// `--thumbs DIR` also writes every output (and the original) scaled to 480 px as
// DIR/<stem>_<mask>_<speed>.png and DIR/<stem>_<mask>_original.png, for
// bench/contact-sheet.mjs. `--json FILE` saves the per-case rows.
// `npm run eval -- --task expand`: the expand task instead (bench/expand-report.mjs).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CORPUS, runPage, table, cliArgs, median } from './harness.mjs';

const args = cliArgs();
if (args.task === 'expand') {
  const { evalExpandTask } = await import('./expand-report.mjs');
  process.exitCode = (await evalExpandTask(args)) ? 0 : 1;
} else {
  await evalInpaint();
}

async function evalInpaint() {
const speeds = args.speeds ?? 'DEFAULT';
const rows = await runPage('bench/eval.html', {
  query: { speeds, backend: args.backend ?? 'wasm', ...(args.only ? { only: args.only } : {}), ...(args.thumbs ? { thumbs: '1' } : {}) },
  timeoutMs: Number(args.timeoutMin ?? 120) * 60_000,
  // Progress goes to stderr: one JSON line per case as it finishes.
  onLog: (l) => process.stderr.write(`${l}\n`),
});

if (args.thumbs) {
  await mkdir(args.thumbs, { recursive: true });
  for (const r of rows) {
    const stem = `${r.image.replace(/\.[^.]+$/, '')}_${r.mask}`;
    await writeFile(path.join(args.thumbs, `${stem}_${r.speed}.png`), Buffer.from(r.thumb, 'base64'));
    await writeFile(path.join(args.thumbs, `${stem}_original.png`), Buffer.from(r.thumb_orig, 'base64'));
    delete r.thumb;
    delete r.thumb_orig;
  }
}

if (args.json) await writeFile(args.json, JSON.stringify(rows, null, 1));

const baseline = (await readFile(path.join(CORPUS, 'baseline-opencv-dev.tsv'), 'utf8'))
  .split('\n')
  .filter((l) => l.startsWith('case\t'))
  .map((l) => l.split('\t'))
  .map((c) => ({ image: c[2], mask: c[6], method: c[8], ms: +c[11], psnr_hole: +c[13], ssim_hole: +c[15] }));
let classical = [];
try {
  const lines = (await readFile(path.join(CORPUS, 'baseline-classical-dev.tsv'), 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
  const head = lines[0].split('\t');
  classical = lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i], v])));
} catch {
  // The HSR baseline is optional.
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const out = [];
let pass = true;
for (const mask of ['brush', 'blob', 'lines']) {
  const base = (m) => baseline.filter((b) => b.mask === mask && b.method === m);
  const telea = base('telea');
  const ns = base('ns');
  const bar = Math.max(mean(telea.map((b) => b.psnr_hole)), mean(ns.map((b) => b.psnr_hole)));
  const hsrOf = (m) => {
    const r = classical.filter((c) => (c.mask_type ?? c.mask) === mask && c.method === m).map((c) => +(c.hsr ?? c.HSR));
    return r.length && r.every(Number.isFinite) ? f(mean(r)) : '-';
  };
  for (const [name, rs] of [
    ['opencv telea', telea],
    ['opencv ns', ns],
  ]) {
    out.push([mask, name, f(mean(rs.map((r) => r.psnr_hole))), f(mean(rs.map((r) => r.ssim_hole)), 3), hsrOf(name.split(' ')[1]), f(mean(rs.map((r) => r.ms)), 0), '', '']);
  }
  for (const speed of speeds.split(',')) {
    const rs = rows.filter((r) => r.mask === mask && r.speed === speed);
    if (!rs.length) continue;
    const p = mean(rs.map((r) => r.psnr_hole));
    const ok = p >= bar;
    pass &&= ok;
    out.push([
      mask,
      `builtin ${speed}`,
      f(p),
      f(mean(rs.map((r) => r.ssim_hole)), 3),
      `${f(mean(rs.map((r) => r.hsr)))} (med ${f(median(rs.map((r) => r.hsr)))})`,
      f(mean(rs.map((r) => r.ms)), 0),
      rs.reduce((a, r) => a + r.changed_outside, 0),
      ok ? `≥ ${f(bar)} ✓` : `< ${f(bar)} ✗`,
    ]);
  }
}
console.log(`Built-in model on ${rows[0]?.backend ?? '?'}, ${rows.length} cases; OpenCV rows from baseline-opencv-dev.tsv (times: cv2.inpaint call only; ours: whole task incl. decode/encode).`);
console.log(table(['mask', 'method', 'PSNR hole', 'SSIM hole', 'HSR', 'ms', 'bytes changed outside hole', 'vs best OpenCV'], out));
console.log(stageTable(rows, baseline, speeds.split(',')));
if (args.cases) console.log(table(Object.keys(rows[0]), rows.map((r) => Object.values(r).map((v) => (typeof v === 'number' ? f(v, 3) : v)))));
process.exitCode = pass ? 0 : 1;
}

/**
 * Where the time goes, per speed and mask (means over the cases, ms), from the stage timings
 * the worker reports on each task. `fill` is the model's work on decoded pixels (prepare +
 * model + texture; `model` is ORT's solve, its upsample and the full-size rim, `rim` the last
 * alone): the part comparable to OpenCV's `cv2.inpaint` call, which excludes decode and encode
 * as well. `other` is what the client adds (worker messages, storing the task and its result).
 */
export function stageTable(rows, baseline, speeds) {
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const t = (r, k) => r.timings?.[k] ?? 0;
  const stages = ['decode', 'route', 'load', 'prepare', 'model', 'rim', 'texture', 'composite', 'encode'];
  const fill = (r) => t(r, 'prepare') + t(r, 'model') + t(r, 'texture');
  const other = (r) => r.ms - stages.filter((k) => k !== 'rim').reduce((a, k) => a + t(r, k), 0);
  const out = [];
  for (const speed of speeds) {
    for (const mask of ['brush', 'blob', 'lines', 'all']) {
      const rs = rows.filter((r) => r.speed === speed && (mask === 'all' || r.mask === mask));
      if (!rs.length) continue;
      const ns = mean(baseline.filter((b) => b.method === 'ns' && (mask === 'all' || b.mask === mask)).map((b) => b.ms));
      const whole = mean(rs.map((r) => r.ms));
      const f = mean(rs.map(fill));
      out.push([speed, mask, whole.toFixed(0), ...stages.map((k) => mean(rs.map((r) => t(r, k))).toFixed(0)), mean(rs.map(other)).toFixed(0), f.toFixed(0), ns.toFixed(0), (whole / ns).toFixed(2), (f / ns).toFixed(2)]);
    }
  }
  return (
    'Stage means, ms (fill = prepare + model + texture: the model on decoded pixels; model includes rim; other = client, messages, storing; NS = cv2.inpaint alone):\n' +
    table(['speed', 'mask', 'whole task', ...stages, 'other', 'fill', 'OpenCV NS', 'whole ÷ NS', 'fill ÷ NS'], out)
  );
}
