/**
 * The servers the e2e tests drive: Vite's dev server on index.html (what
 * `npm run dev` serves), and a plain static file server for the no-bundler
 * embed, which must work without any of Vite's help.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { ROOT } from './browser';

export interface RunningServer {
  /** Base URL with no trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/** Starts Vite's dev server on the repo (index.html at `/`) on a free port. */
export async function startDevServer(): Promise<RunningServer> {
  const server: ViteDevServer = await createServer({
    root: ROOT,
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    // Its own dependency cache: a `npm run dev` running beside the tests must not share (and rewrite) it.
    cacheDir: path.join(ROOT, 'node_modules/.vite/e2e'),
    server: { host: '127.0.0.1', port: 0, strictPort: false, watch: null },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves files under `root` read-only, with correct MIME types (module scripts
 * and `WebAssembly.instantiateStreaming` both insist), a folder's `index.html`
 * for a path ending in `/`, and nothing else (no SPA fallback, no special headers).
 * `mounts` maps URL prefixes to other folders, e.g. `/static/lib/` → the build;
 * it is read at every request, so a test can point a prefix at a new deploy.
 */
export async function startStaticServer(
  root: string,
  mounts: Record<string, string> = {},
  options: { cors?: boolean; headers?: Record<string, string> } = {},
): Promise<RunningServer & { requests: string[]; down: boolean }> {
  // `headers` go on every answer, e.g. a Content-Security-Policy (which a worker script's own response must carry too).
  const cors: Record<string, string> = { ...(options.cors ? { 'access-control-allow-origin': '*' } : {}), ...options.headers };
  const requests: string[] = [];
  const state = { down: false };
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(pathname);
    // As if the network were gone: the request is logged, the connection dropped with no answer.
    if (state.down) return void req.socket.destroy();
    const mount = Object.keys(mounts).find((prefix) => pathname.startsWith(prefix));
    const base = mount ? mounts[mount] : root;
    const rel = mount ? pathname.slice(mount.length - 1) : pathname;
    const file = path.resolve(base, '.' + (rel.endsWith('/') ? `${rel}index.html` : rel));
    try {
      if (!file.startsWith(path.resolve(base) + path.sep) || !(await stat(file)).isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain', ...cors }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...cors });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Set to drop every connection (logging the request first). */
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
