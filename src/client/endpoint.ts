/**
 * An in-process HTTP face for the local client: the hosted service's three
 * routes, served from a `(request: Request) => Promise<Response>` function, so
 * that code written against the hosted HTTP API runs unchanged once its `fetch`
 * is swapped for {@link createLocalFetch}.
 *
 * Shapes mirrored from Freepik's "Ideogram Image Edit" reference:
 * - POST  https://docs.freepik.com/api-reference/ideogram-image-edit/post-ideogram-image-edit
 *         200 `{ data: { generated: [], task_id, status: 'CREATED' } }`
 * - GET   https://docs.freepik.com/api-reference/ideogram-image-edit/get-{task-id}-by-id
 *         200 `{ data: { generated, task_id, status } }`
 * - errors: Freepik answers 4xx/5xx with a JSON object carrying `message`
 *   (e.g. https://docs.freepik.com/api-reference/resources/get-all-resources), and
 *   a 400 for bad parameters adds `invalid_params: [{ name, reason }]`.
 * The `x-freepik-api-key` header is accepted and ignored: there is no account
 * locally, and clients written for the hosted API always send it.
 */
import { abortable } from '../shared/abortable';
import { InpaintError, isAbortError, abortReason } from '../shared/errors';
import type { InvalidParam } from '../shared/errors';
import type { TaskData } from '../request/types';

/** The hosted service's path for this API. */
export const API_PATH = '/v1/ai/ideogram-image-edit';

/** The hosted Image Expand API's path (`client.expand()`). */
export const EXPAND_API_PATH = '/v1/ai/image-expand/flux-pro';

/** What the endpoint needs from a client: `InpaintClient` satisfies it. */
export interface LocalEndpointClient {
  submit(body: unknown): Promise<{ data: { task_id: string; status: string; generated: string[] } }>;
  /** Serves `POST /v1/ai/image-expand/flux-pro`; without it that path answers 404. */
  expand?(body: unknown): Promise<{ data: { task_id: string; status: string; generated: string[] } }>;
  get(taskId: string): Promise<{ data: TaskData }>;
  list(): Promise<{ data: { task_id: string; status: string }[] }>;
}

export interface LocalEndpointOptions {
  /**
   * A prefix the routes may also be served under (e.g. `/api` serves
   * `/api/v1/ai/ideogram-image-edit`). The bare hosted path keeps working too.
   */
  basePath?: string;
}

/** The request handler, plus the predicate {@link createLocalFetch} routes by. */
export type LocalEndpoint = ((request: Request) => Promise<Response>) & {
  /** True when the URL's path is one of this endpoint's routes (any host). */
  readonly handles: (url: string | URL) => boolean;
};

type Api = typeof API_PATH | typeof EXPAND_API_PATH;
type Route = { kind: 'collection'; api: Api } | { kind: 'task'; api: Api; taskId: string };

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** Builds a JSON response; every answer of the endpoint goes through here. */
function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

function normaliseBasePath(basePath: string | undefined): string {
  if (!basePath) return '';
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * Matches a pathname against the routes, with or without the base path.
 * Returns null for anything else (including a task id with a `/` in it).
 */
function matchRoute(pathname: string, basePath: string): Route | null {
  for (const api of [API_PATH, EXPAND_API_PATH] as const) {
    const route = matchApi(pathname, basePath, api);
    if (route) return route;
  }
  return null;
}

function matchApi(pathname: string, basePath: string, api: Api): Route | null {
  let path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (basePath && (path === basePath + api || path.startsWith(`${basePath}${api}/`))) {
    path = path.slice(basePath.length);
  }
  if (path === api) return { kind: 'collection', api };
  if (!path.startsWith(`${api}/`)) return null;
  const segment = path.slice(api.length + 1);
  if (segment === '' || segment.includes('/')) return null;
  let taskId: string;
  try {
    taskId = decodeURIComponent(segment);
  } catch {
    return null; // malformed percent-encoding cannot name a task
  }
  return { kind: 'task', api, taskId };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Maps a client error to the hosted service's status and body. AbortError is
 * rethrown: a cancelled request rejects, as `fetch` does.
 */
function errorResponse(error: unknown): Response {
  if (isAbortError(error)) throw error;
  if (error instanceof InpaintError) {
    switch (error.code) {
      case 'invalid_request':
        return json(400, { message: error.message, invalid_params: error.invalid_params ?? [] });
      case 'not_found':
        return json(404, { message: error.message });
      case 'backend_unavailable':
        return json(503, { message: error.message, code: error.code });
      default:
        return json(500, { message: error.message, code: error.code });
    }
  }
  return json(500, { message: `Internal Server Error: ${errorMessage(error)}` });
}

async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; param: InvalidParam }> {
  let text: string;
  try {
    text = await request.text();
  } catch (error) {
    if (isAbortError(error)) throw error;
    return { ok: false, param: { name: 'body', reason: `could not be read: ${errorMessage(error)}` } };
  }
  if (text.trim() === '') {
    return { ok: false, param: { name: 'body', reason: 'is empty; send the request as a JSON object' } };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, param: { name: 'body', reason: `is not valid JSON (${errorMessage(error)})` } };
  }
}

async function handleCollection(client: LocalEndpointClient, request: Request, api: Api): Promise<Response> {
  if (request.method === 'GET') return json(200, await client.list());
  if (request.method !== 'POST') {
    return json(405, { message: `Method ${request.method} not allowed; use GET or POST` }, { allow: 'GET, POST' });
  }
  const body = await readJsonBody(request);
  if (!body.ok) {
    return json(400, { message: `Invalid request: body ${body.param.reason}`, invalid_params: [body.param] });
  }
  if (api === EXPAND_API_PATH) {
    if (!client.expand) return json(404, { message: `Not found: ${EXPAND_API_PATH} (this client does not expand images)` });
    return json(200, await client.expand(body.value));
  }
  return json(200, await client.submit(body.value));
}

async function handleTask(client: LocalEndpointClient, request: Request, taskId: string): Promise<Response> {
  if (request.method !== 'GET') {
    return json(405, { message: `Method ${request.method} not allowed; use GET` }, { allow: 'GET' });
  }
  return json(200, await client.get(taskId));
}

/**
 * Serves `POST /v1/ai/ideogram-image-edit`, `GET /v1/ai/ideogram-image-edit/{task_id}`
 * and `GET /v1/ai/ideogram-image-edit`, and the same three for Image Expand under
 * `/v1/ai/image-expand/flux-pro` (POST → `client.expand()`), from a local client, with the hosted
 * service's JSON bodies and HTTP statuses. Any host is accepted; only the path
 * matters. Unknown paths get 404, wrong methods 405 with an `Allow` header.
 *
 * @example
 * const endpoint = createLocalEndpoint(new InpaintClient());
 * const res = await endpoint(new Request('https://api.freepik.com/v1/ai/ideogram-image-edit', {
 *   method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
 * }));
 * const { data } = await res.json(); // { task_id, status: 'CREATED', generated: [] }
 */
export function createLocalEndpoint(client: LocalEndpointClient, options: LocalEndpointOptions = {}): LocalEndpoint {
  const basePath = normaliseBasePath(options.basePath);
  const handler = async (request: Request): Promise<Response> => {
    if (request.signal.aborted) throw abortReason(request.signal);
    const route = matchRoute(new URL(request.url).pathname, basePath);
    if (!route) return json(404, { message: `Not found: ${new URL(request.url).pathname}` });
    try {
      return route.kind === 'collection'
        ? await handleCollection(client, request, route.api)
        : await handleTask(client, request, route.taskId);
    } catch (error) {
      return errorResponse(error);
    }
  };
  const handles = (url: string | URL): boolean => {
    try {
      return matchRoute(new URL(url, 'http://localhost/').pathname, basePath) !== null;
    } catch {
      return false;
    }
  };
  return Object.assign(handler, { handles });
}

/** Resolves a fetch input to an absolute URL (relative ones against the page, as fetch does). */
function inputUrl(input: RequestInfo | URL): string {
  if (input instanceof URL) return input.href;
  if (typeof input === 'string') {
    const base = (globalThis as { location?: { href?: string } }).location?.href ?? 'http://localhost/';
    return new URL(input, base).href;
  }
  return input.url;
}

/**
 * A drop-in `fetch` that answers the endpoint's routes locally and sends
 * everything else to `fallback`, so an HTTP client written for the hosted API
 * can be pointed at the local engine by swapping its `fetch`.
 *
 * @example
 * const localFetch = createLocalFetch(createLocalEndpoint(client));
 * const res = await localFetch('https://api.freepik.com/v1/ai/ideogram-image-edit/' + id, {
 *   headers: { 'x-freepik-api-key': 'unused' },
 * });
 */
export function createLocalFetch(
  endpoint: ((request: Request) => Promise<Response>) & { handles?: (url: string | URL) => boolean },
  fallback: typeof fetch = (input, init) => globalThis.fetch(input, init),
): typeof fetch {
  const handles = endpoint.handles ?? ((url: string | URL) => matchRoute(new URL(url).pathname, '') !== null);
  return (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let url: string;
    try {
      url = inputUrl(input);
    } catch {
      return fallback(input, init); // let the real fetch report the bad URL its own way
    }
    if (!handles(url)) return fallback(input, init);
    const request = input instanceof Request ? new Request(input, init) : new Request(url, init);
    if (request.signal.aborted) return Promise.reject(abortReason(request.signal));
    // Rejects with the signal's reason when it aborts, as `fetch` does.
    return abortable(request.signal, endpoint(request));
  };
}
