/**
 * Renders the app icons in public/icons/ from public/favicon.svg with the
 * project's headless Chromium (no image library needed). Run after changing
 * the favicon: `node scripts/make-icons.mjs`.
 *
 * - icon-192.png, icon-512.png: the favicon as drawn (rounded square), "any" purpose;
 * - icon-maskable-512.png: full-bleed background with the mark inside the 80 % safe zone
 *   (https://web.dev/articles/maskable-icon), so launchers can crop it to any shape;
 * - apple-touch-icon.png (180 px): iOS ignores the manifest's icons.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = await readFile(path.join(root, 'public/favicon.svg'), 'utf8');
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
];

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage();
  for (const { file, size, maskable } of ICONS) {
    const base64 = await page.evaluate(
      async ([src, s, full]) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = new OffscreenCanvas(s, s);
        const ctx = canvas.getContext('2d');
        if (full) {
          ctx.fillStyle = '#2563eb';
          ctx.fillRect(0, 0, s, s);
          const inset = s * 0.1;
          ctx.drawImage(img, inset, inset, s - 2 * inset, s - 2 * inset);
        } else {
          ctx.drawImage(img, 0, 0, s, s);
        }
        const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(bin);
      },
      [dataUrl, size, maskable],
    );
    await writeFile(path.join(root, 'public/icons', file), Buffer.from(base64, 'base64'));
    console.log(`public/icons/${file} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
