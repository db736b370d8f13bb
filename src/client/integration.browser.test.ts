import { describe, expect, inject, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import { API_PATH, createLocalEndpoint, createLocalFetch } from './endpoint';
import { makeMask, makePhoto } from '../../test/fixtures/images';

const server = inject('webhookServer');

interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  json: unknown;
}

/** Polls the receiver until `count` POSTs about `taskId` have arrived. */
async function postsFor(taskId: string, count: number, path: string): Promise<Received[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const all = (await (await fetch(`${server}/__received`)).json()) as Received[];
    const mine = all.filter((r) => r.method === 'POST' && r.path === path && (r.json as { task_id?: string })?.task_id === taskId);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

describe('webhooks from the client', () => {
  for (const path of ['/hook', '/hook-nocors']) {
    it(`POSTs { task_id, status, generated } for every status change to ${path}`, async () => {
      const client = new InpaintClient({ backend: 'wasm', persist: false });
      try {
        const image = await makePhoto(96, 64);
        const mask = await makeMask(96, 64, [{ x: 20, y: 20, width: 12, height: 10 }]);
        const { data } = await client.submit({ image, mask, prompt: 'x', seed: 3, webhook_url: `${server}${path}` });
        const done = await client.wait(data.task_id);
        const posts = await postsFor(data.task_id, 3, path);
        expect(posts.map((p) => p.json)).toEqual([
          { task_id: data.task_id, status: 'CREATED', generated: [] },
          { task_id: data.task_id, status: 'IN_PROGRESS', generated: [] },
          { task_id: data.task_id, status: 'COMPLETED', generated: done.data.generated },
        ]);
        expect(posts[0].headers['content-type']).toMatch(path === '/hook' ? /application\/json/ : /text\/plain/);
      } finally {
        client.dispose();
      }
    });
  }

  it("with webhook.images 'data-url' the COMPLETED payload carries the images themselves (here over no-cors)", async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false, webhook: { images: 'data-url' } });
    try {
      const image = await makePhoto(96, 64);
      const mask = await makeMask(96, 64, [{ x: 20, y: 20, width: 12, height: 10 }]);
      const { data } = await client.submit({ image, mask, prompt: 'x', seed: 5, num_images: 2, webhook_url: `${server}/hook-nocors` });
      const done = await client.wait(data.task_id);
      const [, , completed] = await postsFor(data.task_id, 3, '/hook-nocors');
      const expected = await Promise.all(done.data.generated.map(async (u) => `data:image/png;base64,${await toBase64(await (await fetch(u)).blob())}`));
      expect(expected).toHaveLength(2);
      expect(completed.json).toEqual({ task_id: data.task_id, status: 'COMPLETED', generated: expected });
      // The page's own view keeps blob: URLs.
      expect(done.data.generated.every((u) => u.startsWith('blob:'))).toBe(true);
    } finally {
      client.dispose();
    }
  });

  it('refuses webhook options it does not know', () => {
    expect(() => new InpaintClient({ persist: false, webhook: { images: 'base64' as never } })).toThrow(/webhook\.images: must be 'url' or 'data-url'/);
    expect(() => new InpaintClient({ persist: false, webhook: { maxImageBytes: -1 } })).toThrow(/webhook\.maxImageBytes/);
  });

  it('a webhook that never answers does not change the task outcome', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false, webhook: { retries: 1, baseDelayMs: 10 } });
    try {
      const image = await makePhoto(96, 64);
      const mask = await makeMask(96, 64, [{ x: 20, y: 20, width: 12, height: 10 }]);
      // Port 9 (discard) on loopback: nothing listens, every delivery fails.
      const { data } = await client.submit({ image, mask, prompt: 'x', webhook_url: 'http://127.0.0.1:9/hook' });
      const done = await client.wait(data.task_id);
      expect(done.data.status).toBe('COMPLETED');
    } finally {
      client.dispose();
    }
  });
});

describe('createLocalEndpoint with the real client', () => {
  // Written as one would against the hosted service: POST, then poll GET.
  async function hostedStyleEdit(fetchImpl: typeof fetch, baseUrl: string, body: unknown) {
    const post = await fetchImpl(`${baseUrl}/v1/ai/ideogram-image-edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-freepik-api-key': 'unused-locally' },
      body: JSON.stringify(body),
    });
    if (post.status !== 200) return { status: post.status, body: await post.json() };
    const { data } = await post.json();
    for (;;) {
      const res = await fetchImpl(`${baseUrl}/v1/ai/ideogram-image-edit/${data.task_id}`, {
        headers: { 'x-freepik-api-key': 'unused-locally' },
      });
      const json = await res.json();
      if (json.data.status === 'COMPLETED' || json.data.status === 'FAILED') return { status: res.status, body: json, created: data };
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('serves submit, poll and list with the hosted JSON shapes and statuses', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    try {
      const localFetch = createLocalFetch(createLocalEndpoint(client));
      const image = await toBase64(await makePhoto(128, 96));
      const mask = `data:image/png;base64,${await toBase64(await makeMask(128, 96, [{ x: 30, y: 30, width: 20, height: 20 }]))}`;
      const result = await hostedStyleEdit(localFetch, 'https://api.freepik.com', { image, mask, prompt: 'brick wall', seed: 9 });
      expect(result.status).toBe(200);
      expect(result.created).toEqual({ task_id: expect.any(String), status: 'CREATED', generated: [] });
      expect(result.body.data.status).toBe('COMPLETED');
      expect(result.body.data.generated).toHaveLength(1);
      const png = await (await fetch(result.body.data.generated[0])).blob();
      expect(png.type).toBe('image/png');

      const list = await localFetch(`https://api.freepik.com${API_PATH}`);
      expect(list.status).toBe(200);
      expect((await list.json()).data[0]).toEqual({ task_id: result.created!.task_id, status: 'COMPLETED' });

      const bad = await hostedStyleEdit(localFetch, 'https://api.freepik.com', { image, mask, prompt: 'x', rendering_speed: 'FAST' });
      expect(bad.status).toBe(400);
      expect(bad.body.invalid_params).toEqual([{ name: 'rendering_speed', reason: expect.stringMatching(/TURBO/) }]);

      const missing = await localFetch(`https://api.freepik.com${API_PATH}/no-such-task`);
      expect(missing.status).toBe(404);
    } finally {
      client.dispose();
    }
  });
});
