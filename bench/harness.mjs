// Shared by `npm run bench` and `npm run eval`: serves the repo with Vite,
// opens one page in Debian's headless Chromium and returns what the page
// reports through `window.__result` (or throws what it reports as an error).
import { createServer } from 'vite';
import { chromium } from 'playwright';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = process.env.CORPUS_DIR ?? path.resolve(ROOT, '../shared/corpus');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

/** Serves `/corpus/*` from the photo corpus, read-only. */
function corpusPlugin() {
  return {
    name: 'local-inpaint-corpus',
    configureServer(server) {
      server.middlewares.use('/corpus/', async (req, res) => {
        const rel = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, '');
        const file = path.resolve(CORPUS, rel);
        if (!file.startsWith(CORPUS) || !existsSync(file)) {
          res.statusCode = 404;
          res.end('not found');
          return;
        }
        const ext = path.extname(file).slice(1);
        res.setHeader('content-type', { png: 'image/png', jpg: 'image/jpeg', tsv: 'text/tab-separated-values' }[ext] ?? 'application/octet-stream');
        res.end(await readFile(file));
      });
    },
  };
}

/**
 * @param {string} page path of the HTML page under the repo, e.g. 'bench/bench.html'
 * @param {{ query?: Record<string,string>, timeoutMs?: number, onLog?: (line: string) => void }} options
 */
export async function runPage(page, { query = {}, timeoutMs = 30 * 60_000, onLog = (l) => process.stderr.write(`${l}\n`) } = {}) {
  const server = await createServer({
    root: ROOT,
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1' },
    plugins: [corpusPlugin()],
  });
  await server.listen();
  const { port } = server.httpServer.address();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    const tab = await browser.newPage();
    tab.on('console', (m) => m.type() !== 'debug' && onLog(`[page] ${m.text()}`));
    tab.on('pageerror', (e) => onLog(`[page error] ${e.message}`));
    const qs = new URLSearchParams(query).toString();
    await tab.goto(`http://127.0.0.1:${port}/${page}${qs ? `?${qs}` : ''}`);
    await tab.waitForFunction(() => window.__bench && ('result' in window.__bench || 'error' in window.__bench), null, { timeout: timeoutMs, polling: 500 });
    const out = await tab.evaluate(() => window.__bench);
    if (out.error) throw new Error(`page failed: ${out.error}`);
    return out.result;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Formats rows as an aligned Markdown table. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
