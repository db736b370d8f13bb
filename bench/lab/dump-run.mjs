// The Node half shared by the lab's dump scripts (bench/lab/dump.mjs, bench/lab/expand-dump.mjs):
// serves the repo and ../shared/corpus with Vite, opens `page` in Debian's Chromium, writes every
// file the page hands to `window.__save` into OUTDIR, and merges the page's result rows into
// OUTDIR/meta.json (by `stem`). Argument list: OUTDIR [speeds] [only].
import { createServer } from 'vite';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/chromium.mjs';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, CORPUS } from '../harness.mjs';

export async function dumpFromPage(page, [out, speeds = 'DEFAULT', only]) {
  mkdirSync(out, { recursive: true });
  const server = await createServer({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'error',
    server: { port: 0, host: '127.0.0.1', watch: null, hmr: false },
    plugins: [{ name: 'c', configureServer(s) { s.middlewares.use('/corpus/', (req, res) => { const f = path.resolve(CORPUS, decodeURIComponent(req.url.split('?')[0]).replace(/^\/+/, '')); if (!existsSync(f)) { res.statusCode = 404; return res.end(); } res.end(readFileSync(f)); }); } }] });
  await server.listen();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const tab = await browser.newPage();
  await tab.exposeFunction('__save', (name, b64) => writeFileSync(path.join(out, name), Buffer.from(b64, 'base64')));
  tab.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
  tab.on('pageerror', (e) => process.stderr.write(`[err] ${e.message}\n`));
  const qs = new URLSearchParams({ speeds, ...(only ? { only } : {}) });
  await tab.goto(`http://127.0.0.1:${server.httpServer.address().port}/${page}?${qs}`);
  await tab.waitForFunction(() => window.__bench && ('result' in window.__bench || 'error' in window.__bench), null, { timeout: 3600_000, polling: 500 });
  const r = await tab.evaluate(() => window.__bench);
  if (r.error) throw new Error(r.error);
  const metaFile = path.join(out, 'meta.json');
  const prev = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : [];
  const merged = [...prev.filter((p) => !r.result.some((q) => q.stem === p.stem)), ...r.result];
  writeFileSync(metaFile, JSON.stringify(merged, null, 1));
  await browser.close();
  await server.close();
}
