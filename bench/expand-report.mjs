// (Not named eval-expand.mjs: Vite resolves .mjs before .ts, and the page imports ./eval-expand.)
// `npm run eval -- --task expand [--speeds DEFAULT] [--only aloe] [--model lama] [--sheet path.png] [--sheet-row 480]`:
// the corpus README's expand task (right 20 % cut off and expanded back) beside
// baseline-expand-dev.tsv. Bar: band PSNR ≥ OpenCV NS's mean and band HSR in
// [0.6, 1.1]; the contact sheet (real | ours, per photo) goes to
// bench/results/expand-contact-sheet.png: look at it, streaks and smears fail.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CORPUS, ROOT, runPage, table } from './harness.mjs';

export async function evalExpandTask(args) {
  const speeds = args.speeds ?? 'DEFAULT';
  const { rows, sheet } = await runPage('bench/eval.html', {
    query: { task: 'expand', speeds, backend: args.backend ?? 'wasm', ...(args.only ? { only: args.only } : {}), ...(args.model ? { model: args.model } : {}), ...(args['sheet-row'] ? { sheetRow: args['sheet-row'] } : {}) },
    timeoutMs: Number(args.timeoutMin ?? 120) * 60_000,
    onLog: (l) => process.stderr.write(`${l}\n`),
  });
  const lines = (await readFile(path.join(CORPUS, 'baseline-expand-dev.tsv'), 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
  const head = lines[0].split('\t').map((h) => h.trim());
  const names = new Set(rows.map((r) => r.image));
  const base = lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i], v.trim()]))).filter((b) => names.has(b.image));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
  const out = [];
  for (const m of ['replicate', 'telea', 'ns']) {
    const rs = base.filter((b) => b.method === m);
    out.push([`opencv ${m}`.replace('opencv replicate', 'row replication'), f(mean(rs.map((r) => +r.psnr_band))), f(mean(rs.map((r) => +r.ssim_band)), 3), f(mean(rs.map((r) => +r.hsr_band))), f(mean(rs.map((r) => +r.time_ms)), 0), '', '']);
  }
  const nsBar = mean(base.filter((b) => b.method === 'ns').map((b) => +b.psnr_band));
  let pass = true;
  for (const speed of speeds.split(',')) {
    const rs = rows.filter((r) => r.speed === speed);
    if (!rs.length) continue;
    const p = mean(rs.map((r) => r.psnr_band));
    const h = mean(rs.map((r) => r.hsr_band));
    const changed = rs.reduce((a, r) => a + r.changed_input, 0);
    const ok = p >= nsBar && h >= 0.6 && h <= 1.1 && changed === 0;
    pass &&= ok;
    const models = [...new Set(rs.map((r) => r.model))].join('/');
    out.push([`${models} ${speed}`, f(p), f(mean(rs.map((r) => r.ssim_band)), 3), f(h), f(mean(rs.map((r) => r.ms)), 0), changed, `${p >= nsBar ? '✓' : '✗'} PSNR ≥ ${f(nsBar)}, ${h >= 0.6 && h <= 1.1 ? '✓' : '✗'} HSR in [0.6, 1.1]`]);
  }
  const sheetPath = path.resolve(ROOT, args.sheet ?? 'bench/results/expand-contact-sheet.png');
  await mkdir(path.dirname(sheetPath), { recursive: true });
  await writeFile(sheetPath, Buffer.from(sheet.split(',')[1], 'base64'));
  console.log(`Expand task (right 20 %) on ${rows.length} cases, ${rows[0]?.backend ?? '?'}; baselines from baseline-expand-dev.tsv (times: the OpenCV call only; ours: whole task).`);
  console.log(table(['method', 'PSNR band', 'SSIM band', 'HSR band', 'ms', 'input bytes changed', 'bar'], out));
  if (args.cases) console.log(table(Object.keys(rows[0]), rows.map((r) => Object.values(r).map((v) => (typeof v === 'number' ? f(v, 3) : v)))));
  console.log(`Contact sheet (real | ours, the seam under the red tick): ${path.relative(process.cwd(), sheetPath)}`);
  return pass;
}
