#!/usr/bin/env node
// `node bench/contact-sheet.mjs --out DIR --speed DEFAULT COLUMN=THUMBDIR ...`: one PNG
// per mask type (DIR/contact-<mask>-<speed>.png), a row per dev photo, a column per
// source: the original (from the first THUMBDIR that exists), then each THUMBDIR's output at
// that speed, written by `npm run eval -- --thumbs THUMBDIR`. Columns are
// labelled in the first row's top-left corner with a 5×7 bitmap font, so the
// sheet needs no font files. A column whose thumbnail is missing stays grey
// (e.g. OpenCV NS: no cv2 on this machine; pass a folder of its outputs to add it).
import { PNG } from 'pngjs';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const opt = (k, d) => (argv.includes(`--${k}`) ? argv[argv.indexOf(`--${k}`) + 1] : d);
const out = opt('out', 'bench/results/sheets');
const speed = opt('speed', 'DEFAULT');
const columns = argv.filter((a, i) => a.includes('=') && !argv[i - 1]?.startsWith('--')).map((a) => a.split('='));
if (!columns.length) throw new Error('usage: contact-sheet.mjs [--out DIR] [--speed S] LABEL=THUMBDIR ...');
mkdirSync(out, { recursive: true });
const GAP = 6;
const CELL = 480;

function main() {
const origDir = columns.find(([, d]) => existsSync(d))?.[1];
if (!origDir) throw new Error('no thumbnail folder exists');
for (const mask of ['brush', 'blob', 'lines']) {
  const stems = [...new Set(readdirSync(origDir).filter((f) => f.endsWith(`_${mask}_original.png`)).map((f) => f.slice(0, -'_original.png'.length)))].sort();
  const rows = stems.map((stem) => [
    ['original', PNG.sync.read(readFileSync(path.join(origDir, `${stem}_original.png`)))],
    ...columns.map(([label, dir]) => {
      const f = path.join(dir, `${stem}_${speed}.png`);
      return [label, existsSync(f) ? PNG.sync.read(readFileSync(f)) : null];
    }),
  ]);
  const rowH = rows.map((r) => r[0][1].height);
  const width = (columns.length + 1) * (CELL + GAP);
  const height = rowH.reduce((a, b) => a + b + GAP, 0);
  const sheet = new PNG({ width, height });
  sheet.data.fill(255);
  let y = 0;
  rows.forEach((r, ri) => {
    r.forEach(([label, img], ci) => {
      const x = ci * (CELL + GAP);
      if (img) PNG.bitblt(img, sheet, 0, 0, img.width, img.height, x, y);
      else for (let yy = 0; yy < rowH[ri]; yy++) for (let xx = 0; xx < CELL; xx++) sheet.data.fill(200, ((y + yy) * width + x + xx) * 4, ((y + yy) * width + x + xx) * 4 + 3);
      text(sheet, x + 4, y + 4, ri === 0 || !img ? `${label}${img ? '' : ' n/a'}` : '');
    });
    y += rowH[ri] + GAP;
  });
  const file = path.join(out, `contact-${mask}-${speed}.png`);
  writeFileSync(file, PNG.sync.write(sheet));
  console.log(file, `${width}x${height}`);
}
}

/** Tiny 5×7 caps font: white text on a black box. */
function text(png, x0, y0, s) {
  if (!s) return;
  const glyphs = FONT;
  const S = 2;
  const w = s.length * 6 * S + 4;
  const h = 7 * S + 4;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) setPx(png, x0 + x, y0 + y, 0);
  [...s.toUpperCase()].forEach((ch, i) => {
    const g = glyphs[ch] ?? glyphs['?'];
    for (let r = 0; r < 7; r++)
      for (let c = 0; c < 5; c++)
        if ((g[r] >> (4 - c)) & 1) for (let dy = 0; dy < S; dy++) for (let dx = 0; dx < S; dx++) setPx(png, x0 + 2 + (i * 6 + c) * S + dx, y0 + 2 + r * S + dy, 255);
  });
}
function setPx(png, x, y, v) {
  if (x < 0 || y < 0 || x >= png.width || y >= png.height) return;
  const p = (y * png.width + x) * 4;
  png.data[p] = png.data[p + 1] = png.data[p + 2] = v;
  png.data[p + 3] = 255;
}
const FONT = {
  A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14], D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16], G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14], J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14], P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17], S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14], V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 10, 4, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31], ' ': [0, 0, 0, 0, 0, 0, 0], '/': [1, 1, 2, 4, 8, 16, 16],
  '?': [14, 17, 1, 2, 4, 0, 4], '-': [0, 0, 0, 31, 0, 0, 0], '.': [0, 0, 0, 0, 0, 12, 12],
  0: [14, 17, 19, 21, 25, 17, 14], 1: [4, 12, 4, 4, 4, 4, 14], 2: [14, 17, 1, 2, 4, 8, 31], 3: [31, 2, 4, 2, 1, 17, 14],
  4: [2, 6, 10, 18, 31, 2, 2], 5: [31, 16, 30, 1, 1, 17, 14], 6: [6, 8, 16, 30, 17, 17, 14], 7: [31, 1, 2, 4, 8, 8, 8],
  8: [14, 17, 17, 14, 17, 17, 14], 9: [14, 17, 17, 15, 1, 2, 12],
};

main();
