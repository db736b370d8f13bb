#!/usr/bin/env node
// `node bench/compare.mjs BEFORE.json AFTER.json`: the eval rows of two runs
// (`npm run eval -- --json FILE`) side by side per speed and mask type: mean
// PSNR/SSIM/HSR of the hole, mean and median whole-task ms, and time ratios
// against OpenCV NS from ../shared/corpus/baseline-opencv-dev.tsv (cv2.inpaint call alone):
// the whole task's, and the fill's alone (prepare + model + texture, from the stage timings).
// `--per-image` instead prints one row per speed, image and mask (docs/quality.md is this table).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CORPUS, table, median } from './harness.mjs';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const [before, after] = files.slice(0, 2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const ns = readFileSync(path.join(CORPUS, 'baseline-opencv-dev.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('case\t'))
  .map((l) => l.split('\t'))
  .filter((c) => c[8] === 'ns')
  .map((c) => ({ mask: c[6], ms: +c[11] }));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f = (x, d = 2) => x.toFixed(d);
/**
 * Mean ms of the fill alone (prepare + model + texture: the model's work on decoded pixels, the part
 * comparable to the cv2.inpaint call), from the rows' stage timings; 0 when a run has none.
 */
const fillOf = (rs) => (rs.every((r) => r.timings) ? mean(rs.map((r) => (r.timings.prepare ?? 0) + (r.timings.model ?? 0) + (r.timings.texture ?? 0))) : 0);
/** How many cases give the same output bytes in both runs (rows carry `sha` since the stage table). */
const sameBytes = (a, b) => {
  if (!a.every((r) => r.sha) || !b.every((r) => r.sha)) return '-';
  const key = (r) => `${r.image}/${r.mask}`;
  const before = new Map(a.map((r) => [key(r), r.sha]));
  return `${b.filter((r) => before.get(key(r)) === r.sha).length}/${b.length}`;
};
if (process.argv.includes('--per-image')) {
  const key = (r) => `${r.speed}/${r.image}/${r.mask}`;
  const was = new Map(before.map((r) => [key(r), r]));
  const speedOf = (r) => ['TURBO', 'DEFAULT', 'QUALITY'].indexOf(r.speed);
  const maskOf = (r) => ['brush', 'blob', 'lines'].indexOf(r.mask);
  const perImage = after
    .filter((r) => was.has(key(r)))
    .sort((x, y) => speedOf(x) - speedOf(y) || x.image.localeCompare(y.image) || maskOf(x) - maskOf(y))
    .map((b) => {
      const a = was.get(key(b));
      return [b.speed, b.image, b.mask, `${f(a.psnr_hole)} → ${f(b.psnr_hole)}`, `${f(a.ssim_hole, 3)} → ${f(b.ssim_hole, 3)}`, `${f(a.hsr)} → ${f(b.hsr)}`, `${f(a.ms, 0)} → ${f(b.ms, 0)}`, b.changed_outside];
    });
  console.log(table(['speed', 'image', 'mask', 'PSNR hole before → now', 'SSIM hole before → now', 'HSR before → now', 'ms before → now', 'bytes changed outside'], perImage));
  process.exit(0);
}

const rows = [];
for (const speed of ['TURBO', 'DEFAULT', 'QUALITY']) {
  for (const mask of ['brush', 'blob', 'lines', 'all']) {
    const pick = (rs) => rs.filter((r) => r.speed === speed && (mask === 'all' || r.mask === mask));
    const a = pick(before);
    const b = pick(after);
    if (!a.length || !b.length) continue;
    const nsMs = mean(ns.filter((r) => mask === 'all' || r.mask === mask).map((r) => r.ms));
    const todayDefault = mean(before.filter((r) => r.speed === 'DEFAULT' && (mask === 'all' || r.mask === mask)).map((r) => r.ms));
    const m = (rs, k, d) => f(mean(rs.map((r) => r[k])), d);
    rows.push([
      speed,
      mask,
      `${m(a, 'psnr_hole')} → ${m(b, 'psnr_hole')}`,
      `${m(a, 'ssim_hole', 3)} → ${m(b, 'ssim_hole', 3)}`,
      `${m(a, 'hsr')} → ${m(b, 'hsr')}`,
      `${m(a, 'ms', 0)} → ${m(b, 'ms', 0)}`,
      `${f(median(a.map((r) => r.ms)), 0)} → ${f(median(b.map((r) => r.ms)), 0)}`,
      f(mean(b.map((r) => r.ms)) / mean(a.map((r) => r.ms))),
      todayDefault ? f(mean(b.map((r) => r.ms)) / todayDefault) : '-',
      `${f(mean(a.map((r) => r.ms)) / nsMs)} → ${f(mean(b.map((r) => r.ms)) / nsMs)}`,
      fillOf(a) && fillOf(b) ? `${f(fillOf(a), 0)} → ${f(fillOf(b), 0)}` : '-',
      fillOf(a) && fillOf(b) ? `${f(fillOf(a) / nsMs)} → ${f(fillOf(b) / nsMs)}` : '-',
      b.reduce((s, r) => s + r.changed_outside, 0),
      sameBytes(a, b),
    ]);
  }
}
console.log(
  table(
    ['speed', 'mask', 'PSNR hole', 'SSIM hole', 'HSR', 'mean ms', 'median ms', 'ms ÷ same speed before', 'ms ÷ DEFAULT before', 'ms ÷ OpenCV NS', 'fill ms', 'fill ÷ OpenCV NS', 'bytes changed outside', 'same output bytes'],
    rows,
  ),
);
