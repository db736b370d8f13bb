// Shared by `npm run bench` and `npm run eval`: serves the repo with Vite,
// opens one page in Debian's headless Chromium and returns what the page
// reports through `window.__result` (or throws what it reports as an error).
import { createServer } from 'vite';
import { CHROMIUM_ARGS as ARGS, CHROMIUM_PATH as CHROMIUM } from '../test/chromium.mjs';
import { chromium } from 'playwright';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = process.env.CORPUS_DIR ?? path.resolve(ROOT, '../shared/corpus');

const benchModels = new Map();
/** Deterministic random bytes (xorshift32), standing in for model weights of a given size. */
function benchModel(bytes) {
  if (!benchModels.has(bytes)) {
    const buf = Buffer.allocUnsafe(bytes);
    let x = 0x9e3779b9;
    for (let i = 0; i + 4 <= bytes; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf.writeUInt32LE(x >>> 0, i);
    }
    buf.fill(7, bytes - (bytes % 4));
    benchModels.set(bytes, { buf, sha256: createHash('sha256').update(buf).digest('hex') });
  }
  return benchModels.get(bytes);
}

/**
 * Serves `/corpus/*` from the photo corpus, read-only, `/bench-model/<bytes>[.sha256]`,
 * and `/bench-twin/<file>`: a diffusion twin from models/build/sd-twin.ts (query ignored).
 */
function corpusPlugin() {
  return {
    name: 'local-inpaint-corpus',
    configureServer(server) {
      const twins = new Map();
      server.middlewares.use('/bench-twin/', async (req, res, next) => {
        try {
          const name = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\/+/, '');
          if (!twins.has(name)) {
            const { SD_TWIN_FILES } = await server.ssrLoadModule('/models/build/sd-twin.ts');
            if (!Object.hasOwn(SD_TWIN_FILES, name)) return void ((res.statusCode = 404), res.end());
            twins.set(name, Buffer.from(SD_TWIN_FILES[name]()));
          }
          const buf = twins.get(name);
          res.setHeader('cache-control', 'no-store');
          res.setHeader('content-type', 'application/octet-stream');
          res.setHeader('content-length', String(buf.length));
          res.end(buf);
        } catch (e) {
          next(e);
        }
      });
      server.middlewares.use('/bench-model/', (req, res) => {
        const m = /^\/?(\d+)(\.sha256)?/.exec(req.url ?? '');
        if (!m) return void ((res.statusCode = 404), res.end());
        const model = benchModel(Number(m[1]));
        res.setHeader('cache-control', 'no-store');
        if (m[2]) return void res.end(model.sha256);
        res.setHeader('content-type', 'application/octet-stream');
        res.setHeader('content-length', String(model.buf.length));
        res.end(model.buf);
      });
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

/** Chromium's processes under `rootPid` (the browser, its renderers, GPU and utility processes), from /proc. */
async function processTree(rootPid) {
  const parents = new Map();
  for (const name of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) parents.set(Number(name), ppid);
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
  }
  return [...tree];
}

async function statusKb(pid, field) {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : NaN;
}

/**
 * Peak memory of a stretch of the page's work, measured by Linux itself, over
 * the processes this Node process started (Chromium's browser, renderers, GPU):
 * `start` resets every Chromium process's resident-set high-water mark
 * (`echo 5 > /proc/PID/clear_refs`) and notes its resident set; `stop` reads
 * the high-water marks (VmHWM) and returns, for the process whose peak rose
 * most (the renderer, where the page and its workers run), its peak minus its
 * resident set at `start`. Null where /proc cannot be written (not Linux, or a
 * sandbox that makes the processes non-dumpable).
 */
function memoryProbe(rootPid) {
  let start = new Map();
  return async (cmd) => {
    const pids = (await processTree(rootPid)).filter((pid) => pid !== rootPid);
    if (cmd === 'start') {
      start = new Map();
      for (const pid of pids) {
        try {
          await writeFile(`/proc/${pid}/clear_refs`, '5');
          start.set(pid, await statusKb(pid, 'VmRSS'));
        } catch {
          /* not ours to reset */
        }
      }
      return start.size;
    }
    let best = null;
    for (const [pid, rss] of start) {
      const hwm = await statusKb(pid, 'VmHWM');
      if (Number.isFinite(hwm) && (!best || hwm - rss > best.peakBytes)) best = { pid, peakBytes: hwm - rss, rssAtStart: rss, hwm };
    }
    return best;
  };
}

/**
 * The renderer's resident set over time, for lab pages that look for the moment
 * of a peak: `start` polls every renderer's VmRSS about every millisecond,
 * `stop` returns, for the renderer whose resident set rose most, its samples as
 * [epoch ms, bytes] pairs (compare with the page's `performance.timeOrigin + performance.now()`).
 */
function rssTrace(rootPid) {
  let running = false;
  let samples = new Map();
  let loop = Promise.resolve();
  return async (cmd) => {
    if (cmd === 'start') {
      const pids = [];
      for (const pid of (await processTree(rootPid)).filter((p) => p !== rootPid)) {
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (cmdline.includes('--type=renderer')) pids.push(pid);
      }
      samples = new Map(pids.map((p) => [p, []]));
      running = true;
      loop = (async () => {
        while (running) {
          for (const pid of pids) samples.get(pid).push([Date.now(), await statusKb(pid, 'VmRSS')]);
          await new Promise((r) => setTimeout(r, 1));
        }
      })();
      return pids.length;
    }
    running = false;
    await loop;
    let best = [];
    for (const s of samples.values()) {
      const rise = (x) => (x.length ? Math.max(...x.map((v) => v[1])) - x[0][1] : -1);
      if (rise(s) > rise(best)) best = s;
    }
    return best;
  };
}

// measureUserAgentSpecificMemory() needs crossOriginIsolated
// (https://wicg.github.io/performance-measure-memory/#processing-model).
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * @param {string} page path of the HTML page under the repo, e.g. 'bench/bench.html'
 * `isolate` serves the page cross-origin isolated (COOP/COEP) and launches Chromium with
 * `--expose-gc`, so that `performance.measureUserAgentSpecificMemory()` counts the page
 * and its workers, measured at Chromium's next full collection (forced within 20 s), so garbage
 * left by the last task does not count (the soak's memory figure).
 * `exposeGc` launches Chromium with `--expose-gc` alone (no isolation): a page and its workers can
 * then collect their garbage before a memory probe starts.
 * @param {{ query?: Record<string,string>, timeoutMs?: number, onLog?: (line: string) => void, isolate?: boolean, exposeGc?: boolean, trace?: { path: string, categories?: string[] } }} options
 */
export async function runPage(page, { query = {}, timeoutMs = 30 * 60_000, onLog = (l) => process.stderr.write(`${l}\n`), isolate = false, exposeGc = false, trace } = {}) {
  const server = await createServer({
    root: ROOT,
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    // No file watching or HMR: an edit in the working tree during a long run (the soak takes
    // most of an hour) would reload the page and silently start the run again on other code.
    server: { port: 0, host: '127.0.0.1', watch: null, hmr: false, ...(isolate ? { headers: ISOLATION_HEADERS } : {}) },
    plugins: [corpusPlugin()],
  });
  await server.listen();
  const { port } = server.httpServer.address();
  const args = isolate || exposeGc ? [...ARGS, '--js-flags=--expose-gc'] : ARGS;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args, headless: true });
  try {
    const tab = await browser.newPage();
    // `window.__benchMemory('start' | 'stop')`: see memoryProbe.
    await tab.exposeFunction('__benchMemory', memoryProbe(process.pid));
    // `window.__benchTrace('start' | 'stop')`: see rssTrace (lab pages).
    await tab.exposeFunction('__benchTrace', rssTrace(process.pid));
    tab.on('console', (m) => m.type() !== 'debug' && onLog(`[page] ${m.text()}`));
    tab.on('pageerror', (e) => onLog(`[page error] ${e.message}`));
    const qs = new URLSearchParams(query).toString();
    // `trace: { path, categories }`: a Chrome trace of the whole page, written to `path` (lab tools).
    if (trace) await browser.startTracing(tab, { path: trace.path, categories: trace.categories });
    await tab.goto(`http://127.0.0.1:${port}/${page}${qs ? `?${qs}` : ''}`);
    await tab.waitForFunction(() => window.__bench && ('result' in window.__bench || 'error' in window.__bench), null, { timeout: timeoutMs, polling: 500 });
    const out = await tab.evaluate(() => window.__bench);
    if (trace) await browser.stopTracing();
    if (out.error) throw new Error(`page failed: ${out.error}`);
    return out.result;
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * The command line's `--name value` pairs (after the script's name) as an object: `--reps 3` gives
 * `{ reps: '3' }`; a flag followed by nothing, or by another `--name`, reads as that next word or undefined.
 */
export function cliArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
}

/** The middle value of `xs` (the upper of the two middle ones for an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Formats rows as an aligned Markdown table. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
