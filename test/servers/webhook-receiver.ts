/**
 * A webhook receiver for tests: records every request to its hook routes and
 * answers with or without CORS, so that browser tests can watch the client's
 * deliveries and its no-cors fallback from the receiving side.
 *
 * Routes:
 * - `/hook`         CORS done right: answers the preflight, `Access-Control-Allow-Origin: *`,
 *                   allows `content-type`.
 * - `/hook-nocors`  no CORS headers at all, so a browser's JSON POST fails its
 *                   preflight and only a simple (no-cors) request gets through.
 * - `/hook-flaky`   CORS-enabled; answers 503 to the first `fail` POSTs (default 2)
 *                   per `key` query value, then 200.
 * - `GET /__received` the recorded requests as JSON (CORS-enabled).
 * - `POST /__reset`   forgets the records and the flaky counters.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The full request target, query included. */
  url: string;
  headers: Record<string, string>;
  /** The raw body as text. */
  body: string;
  /** The body parsed as JSON whatever its content-type, or null when it is not JSON. */
  json: unknown;
  /** Milliseconds since the epoch. */
  time: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  received: ReceivedRequest[];
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_FLAKY_FAILURES = 2;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '0',
} as const;

const HOOK_PATHS = new Set(['/hook', '/hook-nocors', '/hook-flaky']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown, cors: boolean): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(cors ? CORS_HEADERS : {}),
    ...(text ? { 'content-type': 'application/json' } : {}),
    // Private Network Access: harmless where unused, and lets a preflight from a
    // less-private origin through on Chromium builds that enforce it.
    ...(cors ? { 'access-control-allow-private-network': 'true' } : {}),
  });
  res.end(text);
}

/**
 * Starts the receiver on 127.0.0.1 with a random port.
 *
 * @example
 * const receiver = await startWebhookReceiver();
 * await fetch(`${receiver.url}/hook`, { method: 'POST', body: '{}' });
 * receiver.received[0].path; // '/hook'
 * await receiver.close();
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const flakyCounts = new Map<string, number>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await readBody(req);

    if (target.pathname === '/__received') {
      if (method === 'OPTIONS') return send(res, 204, undefined, true);
      return send(res, 200, received, true);
    }
    if (target.pathname === '/__reset') {
      if (method === 'OPTIONS') return send(res, 204, undefined, true);
      received.length = 0;
      flakyCounts.clear();
      return send(res, 200, { ok: true }, true);
    }
    if (!HOOK_PATHS.has(target.pathname)) return send(res, 404, { message: 'Not found' }, true);

    received.push({
      method,
      path: target.pathname,
      url: req.url ?? '/',
      headers: flatHeaders(req),
      body,
      json: parseJson(body),
      time: Date.now(),
    });

    const cors = target.pathname !== '/hook-nocors';
    if (method === 'OPTIONS') return send(res, 204, undefined, cors);
    if (method !== 'POST') return send(res, 405, { message: 'POST only' }, cors);
    if (target.pathname === '/hook-flaky') {
      const key = target.searchParams.get('key') ?? '';
      const failures = Number(target.searchParams.get('fail') ?? DEFAULT_FLAKY_FAILURES);
      const seen = (flakyCounts.get(key) ?? 0) + 1;
      flakyCounts.set(key, seen);
      if (seen <= failures) return send(res, 503, { message: `flaky: failure ${seen} of ${failures}` }, cors);
    }
    return send(res, 200, { ok: true }, cors);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    reset() {
      received.length = 0;
      flakyCounts.clear();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
