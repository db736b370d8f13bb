/**
 * A model-file server for the weight-cache tests: serves deterministic bytes
 * the way a model host does (Content-Length, Range → 206 + Content-Range, CORS)
 * and misbehaves on request, recording every request it saw.
 *
 * `GET /model/<name>?size=N&seed=S` serves N bytes from a PRNG seeded with S.
 * Options (query):
 * - `cutAfter=B`    end the connection once file offset B has been sent, for the
 *                   first `cutTimes` (default 1) requests to this exact URL, `cutDelayMs`
 *                   (default 300) after the last byte was written;
 * - `ignoreRange=1` always answer 200 with the whole file, no Accept-Ranges;
 * - `corrupt=1`     flip one byte (offset N/2): right size, wrong sha256;
 * - `status=S`      answer status S with no body.
 * `GET /twin/<file>` serves a generated model twin (`migan.onnx`, `lama.onnx`, the
 * diffusion twins `sd-*.onnx`, `sd-vocab.json`, `sd-merges.txt`, from models/build) the same way, query options included (the query is otherwise ignored,
 * so `?run=<id>` gives a fresh cache key).
 * `GET /real/<file>` serves a real weight file from disk, when `realFiles` names it.
 *
 * The Hugging Face Hub layout (hub-layout.ts names the repositories: `twins/<any>`,
 * `twins-inpainting/<any>`, `prng/<any>`, and `hubDirs` on disk):
 * - `GET /<owner>/<name>/resolve/<rev>/<path>` serves the file (query options as
 *   above for generated files; Range for files on disk);
 * - `GET /api/models/<owner>/<name>/tree/<rev>[/<dir>]` lists one directory as the
 *   Hub's tree API does (LFS sha256 for weights, git blob oid for small text files);
 * - `GET /__hub?repo=<owner>/<name>&wrongOid=<path>[,<path>]&apiStatus=S` makes that
 *   repository's tree API report a wrong hash for those paths, or answer status S.
 *
 * `GET /stall` answers 200 image/png (Content-Length 1000), sends two bytes and then stalls (an image URL that never finishes).
 * `GET /__info?size=N&seed=S` → `{ bytes, sha256 }` of the correct file.
 * `GET /__log?path=/model/<name>` → the requests seen for that path (all when no path);
 * `GET /__log?repo=<owner>/<name>` → those of one Hub-layout repository (files and API).
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildLamaTwin } from '../../models/build/lama-twin';
import { buildMiganTwin } from '../../models/build/migan-twin';
import { SD_TWIN_FILES } from '../../models/build/sd-twin';
import { mulberry32 } from '../../src/shared/rng';
import { hubRepos, treeJson, type HubEntry } from './hub-layout';

/** Generated twins by file name: deterministic, so the browser can rebuild and hash the same bytes. */
const TWINS: Readonly<Record<string, () => Uint8Array>> = { 'migan.onnx': buildMiganTwin, 'lama.onnx': buildLamaTwin, ...SD_TWIN_FILES };

export interface ModelServerOptions {
  /** Real weight files served at `/real/<name>`: name → path on disk (opt-in real-weights tests). */
  realFiles?: Readonly<Record<string, string>>;
  /**
   * Directories served in the Hub layout: `owner/name` → directory on disk (a local
   * clone of a Hub repository). Hashed at startup, so a large repository delays it.
   */
  hubDirs?: Readonly<Record<string, string>>;
}

/** One request as the server saw it. */
export interface ModelRequest {
  method: string;
  path: string;
  url: string;
  /** The Range request header, or null. */
  range: string | null;
  status: number;
  /** Body bytes written (before a cut). */
  bytesSent: number;
  cut: boolean;
  time: number;
}

export interface ModelServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  log: ModelRequest[];
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': 'range',
  'access-control-expose-headers': 'content-length, content-range, accept-ranges',
  'access-control-allow-private-network': 'true',
  'access-control-max-age': '0',
} as const;

/** Deterministic bytes (mulberry32, little-endian words), the same for a given size and seed. */
function modelBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  const next = mulberry32(seed);
  for (let i = 0; i < size; i += 4) {
    const word = next();
    for (let k = 0; k < 4 && i + k < size; k++) out[i + k] = (word >>> (8 * k)) & 0xff;
  }
  return out;
}

const RANGE = /^bytes=(\d+)-(\d*)$/;

/**
 * Starts the server on 127.0.0.1 with a random port. The server is unref'd so
 * that it never keeps a test run alive on its own.
 *
 * @example
 * const server = await startModelServer();
 * await fetch(`${server.url}/model/a.onnx?size=1000&seed=1`, { headers: { Range: 'bytes=10-' } });
 * server.log[0].range; // 'bytes=10-'
 */
export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const log: ModelRequest[] = [];
  const files = new Map<string, Uint8Array>();
  const seen = new Map<string, number>();
  const fileFor = (size: number, seed: number) => {
    const key = `${size}:${seed}`;
    let bytes = files.get(key);
    if (!bytes) files.set(key, (bytes = modelBytes(size, seed)));
    return bytes;
  };

  const twinFor = (name: string) => {
    const build = Object.hasOwn(TWINS, name) ? TWINS[name] : undefined;
    if (!build) return undefined;
    const key = `twin:${name}`;
    let bytes = files.get(key);
    if (!bytes) files.set(key, (bytes = build()));
    return bytes;
  };
  const realFor = (name: string) => {
    const path = options.realFiles && Object.hasOwn(options.realFiles, name) ? options.realFiles[name] : undefined;
    if (!path) return undefined;
    const key = `real:${name}`;
    let bytes = files.get(key);
    if (!bytes) files.set(key, (bytes = new Uint8Array(readFileSync(path))));
    return bytes;
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { ...CORS_HEADERS, 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const hubRepo = await hubRepos(options.hubDirs ?? {}, fileFor);
  /** Per-repository misbehaviour of the tree API, set with `/__hub`. */
  const hubOptions = new Map<string, { wrongOid: Set<string>; apiStatus?: number }>();
  const logRequest = (req: IncomingMessage, pathname: string): ModelRequest => {
    const entry: ModelRequest = {
      method: req.method ?? 'GET',
      path: pathname,
      url: req.url ?? '/',
      range: req.headers.range ?? null,
      status: 0,
      bytesSent: 0,
      cut: false,
      time: Date.now(),
    };
    log.push(entry);
    return entry;
  };
  const decode = (segments: string[]) => {
    try {
      return segments.map(decodeURIComponent);
    } catch {
      return undefined;
    }
  };

  /** The Hub layout's routes; false when the path is not one of them. */
  const handleHub = (req: IncomingMessage, res: ServerResponse, target: URL): boolean => {
    const q = target.searchParams;
    if (target.pathname === '/__hub') {
      const repo = q.get('repo') ?? '';
      const status = q.get('apiStatus');
      hubOptions.set(repo, { wrongOid: new Set((q.get('wrongOid') ?? '').split(',').filter(Boolean)), apiStatus: status ? Number(status) : undefined });
      json(res, 200, { repo, ...hubOptions.get(repo), wrongOid: [...hubOptions.get(repo)!.wrongOid] });
      return true;
    }
    const segments = decode(target.pathname.split('/').slice(1));
    if (!segments) return false;
    if (segments[0] === 'api' && segments[1] === 'models' && segments[4] === 'tree' && segments.length >= 6) {
      const [, , owner, name, , , ...dir] = segments;
      const entry = logRequest(req, target.pathname);
      const opts = hubOptions.get(`${owner}/${name}`);
      const listing = hubRepo(owner, name)?.list(dir.join('/'));
      entry.status = opts?.apiStatus ?? (listing ? 200 : 404);
      if (entry.status !== 200 || !listing) json(res, entry.status, { error: `Entry not found: ${owner}/${name} ${dir.join('/')}` });
      else json(res, 200, treeJson(listing, opts?.wrongOid ?? new Set()));
      return true;
    }
    if (segments[2] === 'resolve' && segments.length >= 5) {
      const [owner, name, , , ...path] = segments;
      const file: HubEntry | undefined = hubRepo(owner, name)?.file(path.join('/'));
      const entry = logRequest(req, target.pathname);
      if (!file) {
        entry.status = 404;
        json(res, 404, { error: `Entry not found: ${owner}/${name} ${path.join('/')}` });
      } else if (file.bytes) send(res, entry, file.bytes, q);
      else sendFromDisk(res, entry, file.diskPath!, file.size);
      return true;
    }
    return false;
  };

  /** A file on disk, streamed, with Range (no misbehaviour options: real weights). */
  const sendFromDisk = (res: ServerResponse, entry: ModelRequest, path: string, size: number) => {
    const range = RANGE.exec(entry.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || end < start) {
      entry.status = 416;
      res.writeHead(416, { ...CORS_HEADERS, 'content-range': `bytes */${size}` });
      res.end();
      return;
    }
    entry.status = range ? 206 : 200;
    res.writeHead(entry.status, {
      ...CORS_HEADERS,
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      'content-length': String(end - start + 1),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    const stream = createReadStream(path, { start, end });
    stream.on('data', (piece) => (entry.bytesSent += piece.length));
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = target.searchParams;
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (target.pathname === '/__log') {
      const path = q.get('path');
      const repo = q.get('repo');
      const inRepo = (r: ModelRequest) => r.path.startsWith(`/${repo}/`) || r.path.startsWith(`/api/models/${repo}/`);
      json(res, 200, path ? log.filter((r) => r.path === path) : repo ? log.filter(inRepo) : log);
      return;
    }
    if (target.pathname === '/stall') {
      // An image URL that never finishes: headers and two bytes of a PNG, then silence.
      logRequest(req, target.pathname);
      res.writeHead(200, { ...CORS_HEADERS, 'content-type': 'image/png', 'content-length': '1000' });
      res.write(Uint8Array.of(0x89, 0x50));
      setTimeout(() => res.destroy(), 120_000).unref();
      return;
    }
    if (handleHub(req, res, target)) return;
    let file: Uint8Array | undefined;
    const named = /^\/(twin|real)\/([^/]+)$/.exec(target.pathname);
    if (named) {
      file = named[1] === 'twin' ? twinFor(named[2]) : realFor(named[2]);
      if (!file) {
        json(res, 404, { message: `No ${named[1]} file ${named[2]}` });
        return;
      }
    } else {
      const size = Number(q.get('size') ?? 0);
      const seed = Number(q.get('seed') ?? 1);
      if (!Number.isSafeInteger(size) || size <= 0 || size > 512 * 1024 * 1024) {
        json(res, 400, { message: 'size must be an integer in 1..512 MiB' });
        return;
      }
      if (target.pathname === '/__info') {
        json(res, 200, { bytes: size, sha256: createHash('sha256').update(fileFor(size, seed)).digest('hex') });
        return;
      }
      if (!target.pathname.startsWith('/model/')) {
        json(res, 404, { message: 'Not found' });
        return;
      }
      file = fileFor(size, seed);
    }
    send(res, logRequest(req, target.pathname), file, q);
  };

  /** Serves `file` the way a model host does, misbehaving as the query asks. */
  const send = (res: ServerResponse, entry: ModelRequest, file: Uint8Array, q: URLSearchParams): void => {
    const size = file.length;
    const count = (seen.get(entry.url) ?? 0) + 1;
    seen.set(entry.url, count);

    const forcedStatus = q.get('status');
    if (forcedStatus) {
      entry.status = Number(forcedStatus);
      res.writeHead(entry.status, CORS_HEADERS);
      res.end();
      return;
    }

    let body = file;
    if (q.get('corrupt') === '1') {
      body = body.slice();
      body[size >> 1] ^= 0xff;
    }
    const ignoreRange = q.get('ignoreRange') === '1';
    let start = 0;
    let status = 200;
    const headers: Record<string, string> = { ...CORS_HEADERS, 'content-type': 'application/octet-stream' };
    if (!ignoreRange) headers['accept-ranges'] = 'bytes';
    const range = ignoreRange ? null : RANGE.exec(entry.range ?? '');
    if (range) {
      start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start >= size || end < start) {
        entry.status = 416;
        res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` });
        res.end();
        return;
      }
      body = body.subarray(start, end + 1);
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${size}`;
    }
    headers['content-length'] = String(body.length);
    entry.status = status;
    res.writeHead(status, headers);

    const cutAfter = q.get('cutAfter') === null ? NaN : Number(q.get('cutAfter'));
    const cutTimes = Number(q.get('cutTimes') ?? 1);
    if (Number.isFinite(cutAfter) && count <= cutTimes && cutAfter > start && cutAfter < start + body.length) {
      const part = body.subarray(0, cutAfter - start);
      entry.bytesSent = part.length;
      entry.cut = true;
      // Content-Length promised more: closing is a network error for the client. The pause
      // lets the client consume what was sent, as when a real connection drops mid-file
      // (an immediate reset may make the browser discard bytes it had not handed out yet).
      const pause = Number(q.get('cutDelayMs') ?? 300);
      res.write(part, () => setTimeout(() => res.socket?.destroy(), pause));
      return;
    }
    entry.bytesSent = body.length;
    res.end(body);
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
