import { describe, expect, it } from 'vitest';
import { API_PATH, createLocalEndpoint, createLocalFetch } from './endpoint';
import type { LocalEndpointClient } from './endpoint';
import { InpaintError } from '../shared/errors';
import type { TaskData, TaskStatus } from '../request/types';

const HOST = 'https://api.freepik.com';

/**
 * A small in-memory client: the endpoint is the unit under test. Each `get()`
 * advances a task one status, so polling clients see CREATED → IN_PROGRESS → COMPLETED.
 */
class MemoryClient implements LocalEndpointClient {
  readonly tasks = new Map<string, TaskData>();
  submitted: unknown[] = [];
  failNextSubmit: InpaintError | Error | null = null;
  private next = 1;

  async submit(body: unknown) {
    if (this.failNextSubmit) {
      const error = this.failNextSubmit;
      this.failNextSubmit = null;
      throw error;
    }
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const missing = ['image', 'mask', 'prompt'].filter((name) => typeof fields[name] !== 'string');
    if (missing.length) throw InpaintError.invalidRequest(missing.map((name) => ({ name, reason: 'is required' })));
    this.submitted.push(body);
    const task_id = `task-${this.next++}`;
    const now = new Date(0).toISOString();
    this.tasks.set(task_id, {
      task_id, status: 'CREATED', generated: [], progress: 0, images: [], created_at: now, updated_at: now,
    });
    return { data: { task_id, status: 'CREATED' as const, generated: [] as string[] } };
  }

  async get(taskId: string) {
    const task = this.tasks.get(taskId);
    if (!task) throw new InpaintError('not_found', `Task ${taskId} not found`);
    const snapshot = { data: { ...task } };
    const order: TaskStatus[] = ['CREATED', 'IN_PROGRESS', 'COMPLETED'];
    const index = order.indexOf(task.status);
    if (index >= 0 && index < order.length - 1) {
      task.status = order[index + 1];
      if (task.status === 'COMPLETED') {
        task.generated = [`blob:local/${taskId}-0`];
        task.progress = 1;
      }
    }
    return snapshot;
  }

  async list() {
    return { data: [...this.tasks.values()].reverse().map(({ task_id, status }) => ({ task_id, status })) };
  }
}

const VALID_BODY = { image: 'aGVsbG8=', mask: 'aGVsbG8=', prompt: 'a red door' };

function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return new Request(url, { method: 'POST', headers, body });
}

/**
 * A client written against the hosted HTTP API, exactly as one would for
 * api.freepik.com: POST, then poll GET until the task is done.
 */
async function hostedClientEdit(fetchImpl: typeof fetch, baseUrl: string, body: unknown): Promise<string[]> {
  const headers = { 'content-type': 'application/json', 'x-freepik-api-key': 'sk-test-key' };
  const created = await fetchImpl(`${baseUrl}/v1/ai/ideogram-image-edit`, {
    method: 'POST', headers, body: JSON.stringify(body),
  });
  if (!created.ok) throw new Error(`POST failed: ${created.status} ${await created.text()}`);
  const { data } = (await created.json()) as { data: { task_id: string; status: string } };
  for (let i = 0; i < 50; i++) {
    const res = await fetchImpl(`${baseUrl}/v1/ai/ideogram-image-edit/${data.task_id}`, { headers });
    if (!res.ok) throw new Error(`GET failed: ${res.status}`);
    const polled = (await res.json()) as { data: { status: string; generated: string[] } };
    if (polled.data.status === 'COMPLETED') return polled.data.generated;
    if (polled.data.status === 'FAILED') throw new Error('task failed');
    await new Promise((r) => setTimeout(r, 0));
  }
  throw new Error('timed out polling');
}

describe('createLocalEndpoint', () => {
  it('POST submits the JSON body and answers 200 with the hosted shape', async () => {
    const client = new MemoryClient();
    const endpoint = createLocalEndpoint(client);
    const res = await endpoint(post(`${HOST}${API_PATH}`, JSON.stringify(VALID_BODY)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ data: { task_id: 'task-1', status: 'CREATED', generated: [] } });
    expect(client.submitted).toEqual([VALID_BODY]);
  });

  it('GET /{task_id} answers 200 with the task data', async () => {
    const client = new MemoryClient();
    const endpoint = createLocalEndpoint(client);
    await client.submit(VALID_BODY);
    const res = await endpoint(new Request(`${HOST}${API_PATH}/task-1`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { data: TaskData };
    expect(body.data.task_id).toBe('task-1');
    expect(body.data.status).toBe('CREATED');
    expect(body.data.generated).toEqual([]);
  });

  it('GET on the collection lists tasks newest first', async () => {
    const client = new MemoryClient();
    const endpoint = createLocalEndpoint(client);
    await client.submit(VALID_BODY);
    await client.submit(VALID_BODY);
    const res = await endpoint(new Request(`http://localhost:5173${API_PATH}`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: [{ task_id: 'task-2', status: 'CREATED' }, { task_id: 'task-1', status: 'CREATED' }],
    });
  });

  it('answers 404 with a message for an unknown task', async () => {
    const endpoint = createLocalEndpoint(new MemoryClient());
    const res = await endpoint(new Request(`${HOST}${API_PATH}/nope`));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ message: 'Task nope not found' });
  });

  it('decodes a percent-encoded task id', async () => {
    const client = new MemoryClient();
    const seen: string[] = [];
    const endpoint = createLocalEndpoint({ ...client, list: () => client.list(), submit: (b) => client.submit(b),
      get: (id) => { seen.push(id); return client.get(id); } });
    await endpoint(new Request(`${HOST}${API_PATH}/a%20b`));
    expect(seen).toEqual(['a b']);
  });

  it('answers 400 with invalid_params naming body for malformed JSON', async () => {
    const endpoint = createLocalEndpoint(new MemoryClient());
    const res = await endpoint(post(`${HOST}${API_PATH}`, '{"prompt": '));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; invalid_params: { name: string; reason: string }[] };
    expect(body.invalid_params).toHaveLength(1);
    expect(body.invalid_params[0].name).toBe('body');
    expect(body.invalid_params[0].reason).toMatch(/not valid JSON/);
    expect(body.message).toMatch(/^Invalid request: body is not valid JSON/);
  });

  it('answers 400 for an empty body', async () => {
    const endpoint = createLocalEndpoint(new MemoryClient());
    const res = await endpoint(post(`${HOST}${API_PATH}`, ''));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { invalid_params: unknown[] }).invalid_params).toEqual([
      { name: 'body', reason: 'is empty; send the request as a JSON object' },
    ]);
  });

  it("passes the client's invalid_request through as 400 with its invalid_params", async () => {
    const endpoint = createLocalEndpoint(new MemoryClient());
    const res = await endpoint(post(`${HOST}${API_PATH}`, JSON.stringify({ image: 'x' })));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: 'Invalid request: mask: is required; prompt: is required',
      invalid_params: [{ name: 'mask', reason: 'is required' }, { name: 'prompt', reason: 'is required' }],
    });
  });

  it('maps backend_unavailable to 503 and other InpaintErrors to 500, with their code', async () => {
    const client = new MemoryClient();
    const endpoint = createLocalEndpoint(client);
    client.failNextSubmit = new InpaintError('backend_unavailable', 'No WebGPU or WASM backend');
    const unavailable = await endpoint(post(`${HOST}${API_PATH}`, JSON.stringify(VALID_BODY)));
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({ message: 'No WebGPU or WASM backend', code: 'backend_unavailable' });

    client.failNextSubmit = new InpaintError('model_integrity', 'sha256 mismatch');
    const broken = await endpoint(post(`${HOST}${API_PATH}`, JSON.stringify(VALID_BODY)));
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual({ message: 'sha256 mismatch', code: 'model_integrity' });

    client.failNextSubmit = new Error('boom');
    const unknown = await endpoint(post(`${HOST}${API_PATH}`, JSON.stringify(VALID_BODY)));
    expect(unknown.status).toBe(500);
    expect(await unknown.json()).toEqual({ message: 'Internal Server Error: boom' });
  });

  it('answers 405 with an Allow header for a wrong method', async () => {
    const endpoint = createLocalEndpoint(new MemoryClient());
    const onCollection = await endpoint(new Request(`${HOST}${API_PATH}`, { method: 'DELETE' }));
    expect(onCollection.status).toBe(405);
    expect(onCollection.headers.get('allow')).toBe('GET, POST');
    const onTask = await endpoint(post(`${HOST}${API_PATH}/task-1`, '{}'));
    expect(onTask.status).toBe(405);
    expect(onTask.headers.get('allow')).toBe('GET');
    expect(onTask.headers.get('content-type')).toBe('application/json');
  });

  it('answers 404 for unknown paths, including nested ones', async () => {
    const endpoint = createLocalEndpoint(new MemoryClient());
    for (const path of ['/v1/ai/other', '/v1/ai/ideogram-image-edit/a/b', '/', '/v1/ai/ideogram-image-editx']) {
      const res = await endpoint(new Request(`${HOST}${path}`));
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { message: string }).message).toBe(`Not found: ${path}`);
    }
  });

  it('serves the routes under basePath and bare, and tolerates a trailing slash', async () => {
    const client = new MemoryClient();
    const endpoint = createLocalEndpoint(client, { basePath: '/api/' });
    expect((await endpoint(post(`${HOST}/api${API_PATH}`, JSON.stringify(VALID_BODY)))).status).toBe(200);
    expect((await endpoint(post(`${HOST}${API_PATH}/`, JSON.stringify(VALID_BODY)))).status).toBe(200);
    expect((await endpoint(new Request(`${HOST}/api${API_PATH}/task-2`))).status).toBe(200);
    expect((await endpoint(new Request(`${HOST}/other${API_PATH}`))).status).toBe(404);
    expect(endpoint.handles(`http://x/api${API_PATH}/t`)).toBe(true);
    expect(endpoint.handles(`http://x/other${API_PATH}`)).toBe(false);
  });
});

describe('createLocalFetch', () => {
  it('runs a client written for the hosted API unchanged', async () => {
    const client = new MemoryClient();
    const localFetch = createLocalFetch(createLocalEndpoint(client), async () => {
      throw new Error('nothing may reach the network');
    });
    const generated = await hostedClientEdit(localFetch, HOST, VALID_BODY);
    expect(generated).toEqual(['blob:local/task-1-0']);
    expect(client.submitted).toEqual([VALID_BODY]);
  });

  it('surfaces hosted-style errors to that client', async () => {
    const localFetch = createLocalFetch(createLocalEndpoint(new MemoryClient()));
    await expect(hostedClientEdit(localFetch, HOST, { prompt: 'x' })).rejects.toThrow(
      /^POST failed: 400 .*"invalid_params":\[\{"name":"image","reason":"is required"\}/,
    );
  });

  it('sends other URLs to the fallback with the original arguments', async () => {
    const calls: [RequestInfo | URL, RequestInit | undefined][] = [];
    const fallback = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push([input, init]);
      return new Response('from network', { status: 201 });
    }) as typeof fetch;
    const localFetch = createLocalFetch(createLocalEndpoint(new MemoryClient()), fallback);
    const init = { method: 'PUT' };
    const res = await localFetch('https://example.com/v1/ai/other', init);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('from network');
    expect(calls).toEqual([['https://example.com/v1/ai/other', init]]);
  });

  it('accepts a Request object and a URL object', async () => {
    const client = new MemoryClient();
    const localFetch = createLocalFetch(createLocalEndpoint(client));
    const viaRequest = await localFetch(post(`${HOST}${API_PATH}`, JSON.stringify(VALID_BODY)));
    expect(viaRequest.status).toBe(200);
    const viaUrl = await localFetch(new URL(`${HOST}${API_PATH}`));
    expect(await viaUrl.json()).toEqual({ data: [{ task_id: 'task-1', status: 'CREATED' }] });
  });

  it('rejects with AbortError when the signal aborts, as fetch does', async () => {
    const never: LocalEndpointClient = {
      submit: () => new Promise(() => {}), get: () => new Promise(() => {}), list: () => new Promise(() => {}),
    };
    const localFetch = createLocalFetch(createLocalEndpoint(never));
    const controller = new AbortController();
    const pending = localFetch(`${HOST}${API_PATH}`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(localFetch(`${HOST}${API_PATH}`, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('Image Expand routes', () => {
  /** The memory client plus an expand that records its bodies and answers like submit. */
  class ExpandClient extends MemoryClient {
    expanded: unknown[] = [];
    async expand(body: unknown) {
      this.expanded.push(body);
      const fields = body as Record<string, unknown>;
      if (typeof fields.right !== 'number') throw InpaintError.invalidRequest([{ name: 'left, right, top, bottom', reason: 'are all 0 or absent' }]);
      return this.submit({ ...fields, mask: 'aGVsbG8=', prompt: 'x' });
    }
  }
  const EXPAND = '/v1/ai/image-expand/flux-pro';

  it('POST goes to client.expand (not submit); GET {task_id} polls the task; under a base path too', async () => {
    const client = new ExpandClient();
    const endpoint = createLocalEndpoint(client, { basePath: '/api' });
    for (const prefix of ['', '/api']) {
      const res = await endpoint(post(`${HOST}${prefix}${EXPAND}`, JSON.stringify({ image: 'aGVsbG8=', right: 10 })));
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: { task_id: string } };
      expect(data).toEqual({ task_id: expect.any(String), status: 'CREATED', generated: [] });
      const polled = await endpoint(new Request(`${HOST}${prefix}${EXPAND}/${data.task_id}`));
      expect(((await polled.json()) as { data: { task_id: string } }).data.task_id).toBe(data.task_id);
    }
    expect(client.expanded).toEqual([{ image: 'aGVsbG8=', right: 10 }, { image: 'aGVsbG8=', right: 10 }]);
    expect(endpoint.handles(`${HOST}${EXPAND}/abc`)).toBe(true);
    expect(endpoint.handles(`${HOST}${EXPAND}/a/b`)).toBe(false);
  });

  it('a bad body is a 400 with invalid_params, as for inpainting; a wrong method 405; a client without expand 404', async () => {
    const endpoint = createLocalEndpoint(new ExpandClient());
    const bad = await endpoint(post(`${HOST}${EXPAND}`, JSON.stringify({ image: 'aGVsbG8=' })));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ message: 'Invalid request: left, right, top, bottom: are all 0 or absent', invalid_params: [{ name: 'left, right, top, bottom', reason: 'are all 0 or absent' }] });
    const notJson = await endpoint(post(`${HOST}${EXPAND}`, '{'));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { invalid_params: { name: string }[] }).invalid_params[0].name).toBe('body');
    const del = await endpoint(new Request(`${HOST}${EXPAND}`, { method: 'DELETE' }));
    expect([del.status, del.headers.get('allow')]).toEqual([405, 'GET, POST']);
    const plain = await createLocalEndpoint(new MemoryClient())(post(`${HOST}${EXPAND}`, JSON.stringify({ image: 'aGVsbG8=', right: 1 })));
    expect(plain.status).toBe(404);
  });
});
