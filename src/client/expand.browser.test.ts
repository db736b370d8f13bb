/**
 * Image Expand end to end through the real client, worker, ORT and encoder:
 * output sizes and the original's pixels bit-exact at their offset, over every
 * combination of sides and image sizes down to 1×1; the task lifecycle (events,
 * persistence, cancel) on the submit queue; each model family on its twin; and
 * the hosted HTTP paths through createLocalEndpoint.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { InpaintClient } from './inpaint-client';
import { EXPAND_API_PATH, createLocalEndpoint } from './endpoint';
import { EXPAND_SIDES, type ExpandRequest, type ExpandSides, type TaskResponse } from '../request/types';
import { InpaintError } from '../shared/errors';
import { mulberry32 } from '../shared/rng';
import { EXPAND_OVERLAP } from '../shared/expand';
import { pixelsOf } from '../../test/fixtures/images';
import { LAMA_TWIN_COLOUR } from '../../models/build/lama-twin';
import { MIGAN_TWIN_COLOUR } from '../../models/build/migan-twin';
import { twinOverrides } from '../../workers/pipelines/test-utils';
import { sdTwinOverrides } from '../../workers/pipelines/diffusion/test-utils';

/** Random opaque pixels, PNG: any paste-back error shows as a changed byte. */
async function noisePhoto(width: number, height: number, seed: number): Promise<Blob> {
  const rand = mulberry32(seed);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(width, height);
  for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : rand() & 255;
  ctx.putImageData(img, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

interface ExpandCheck {
  changedInOriginal: number;
  /** Border pixels left transparent black (never filled). */
  unfilled: number;
  border: number;
}

/** Output size, the original bit-exact at (left, top), and every border pixel filled (opaque). */
async function checkExpand(image: Blob, url: string, sides: ExpandSides): Promise<ExpandCheck> {
  const input = await pixelsOf(image);
  const output = await pixelsOf(url);
  expect([output.width, output.height]).toEqual([input.width + sides.left + sides.right, input.height + sides.top + sides.bottom]);
  const r: ExpandCheck = { changedInOriginal: 0, unfilled: 0, border: 0 };
  for (let y = 0; y < output.height; y++) {
    for (let x = 0; x < output.width; x++) {
      const p = (y * output.width + x) * 4;
      const ix = x - sides.left;
      const iy = y - sides.top;
      if (ix >= 0 && iy >= 0 && ix < input.width && iy < input.height) {
        const q = (iy * input.width + ix) * 4;
        for (let k = 0; k < 4; k++) if (output.data[p + k] !== input.data[q + k]) r.changedInOriginal++;
      } else {
        r.border++;
        if (output.data[p + 3] !== 255) r.unfilled++;
      }
    }
  }
  return r;
}

async function run(client: InpaintClient, body: ExpandRequest): Promise<TaskResponse> {
  const { data } = await client.expand(body);
  const done = await client.wait(data.task_id);
  expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
  return done;
}

describe('client.expand() on the built-in model', () => {
  let client: InpaintClient;
  beforeAll(() => {
    client = new InpaintClient({ backend: 'wasm', persist: false });
  });
  afterAll(() => client.dispose());

  // Every non-empty combination of sides (15), each on a size from the list, with
  // random amounts; 1×1 and 2×1 are the tiny cases (no overlap fits in a 1 px image).
  const SIZES: Array<[number, number]> = [[1, 1], [2, 1], [3, 5], [17, 9], [64, 48], [40, 71]];
  const next = mulberry32(17);
  const rand = () => next() / 2 ** 32;
  const cases = Array.from({ length: 15 }, (_, mask) => {
    const combo = mask + 1;
    const sides = Object.fromEntries(EXPAND_SIDES.map((s, i) => [s, combo & (1 << i) ? 1 + Math.floor(rand() * 40) : 0])) as ExpandSides;
    return { sides, size: SIZES[mask % SIZES.length] };
  });
  // And each single side by one pixel on the smallest image.
  for (const s of EXPAND_SIDES) cases.push({ sides: { left: 0, right: 0, top: 0, bottom: 0, [s]: 1 }, size: [1, 1] });

  for (const [i, { sides, size }] of cases.entries()) {
    const label = EXPAND_SIDES.filter((s) => sides[s]).map((s) => `${s} ${sides[s]}`).join(', ');
    it(`${size[0]}×${size[1]}, ${label}: output size and original bit-exact at its offset`, async () => {
      const image = await noisePhoto(size[0], size[1], 100 + i);
      const done = await run(client, { image, ...sides, seed: 5 });
      expect(done.data.model).toBe('builtin-fill');
      const w = size[0] + sides.left + sides.right;
      const h = size[1] + sides.top + sides.bottom;
      expect(done.data.images[0].resolution).toBe(`${w}x${h}`);
      const check = await checkExpand(image, done.data.generated[0], sides);
      expect(check).toEqual({ changedInOriginal: 0, unfilled: 0, border: w * h - size[0] * size[1] });
    });
  }

  it('the border continues the image: a red image expanded is red on every side, not grey', async () => {
    const canvas = new OffscreenCanvas(30, 20);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#d02010';
    ctx.fillRect(0, 0, 30, 20);
    const image = await canvas.convertToBlob({ type: 'image/png' });
    const done = await run(client, { image, left: 25, right: 25, top: 15, bottom: 15, seed: 1 });
    const out = await pixelsOf(done.data.generated[0]);
    for (const [x, y] of [[0, 0], [79, 49], [0, 30], [60, 2]]) {
      const p = (y * out.width + x) * 4;
      expect(Math.abs(out.data[p] - 208)).toBeLessThanOrEqual(6);
      expect(Math.abs(out.data[p + 1] - 32)).toBeLessThanOrEqual(6);
      expect(Math.abs(out.data[p + 2] - 16)).toBeLessThanOrEqual(6);
    }
  });

  it('the border carries the photo\'s mid-scale structure, not a smear: a 16 px checkerboard stays a checkerboard', async () => {
    // A smooth fill (even with fine detail on it) averages the squares out to grey far from
    // the seam; whole copied blocks (src/shared/expand-quilt.ts) keep them. Measured on the
    // means of 8 × 8 cells beyond 24 px from the seam: the truth's spread is 87.5 (40 or 215),
    // less where a copy's squares are out of phase with the cells.
    const canvas = new OffscreenCanvas(192, 128);
    const ctx = canvas.getContext('2d')!;
    for (let y = 0; y < 128; y += 16) for (let x = 0; x < 192; x += 16) {
      ctx.fillStyle = ((x + y) / 16) % 2 ? '#d7d7d7' : '#282828';
      ctx.fillRect(x, y, 16, 16);
    }
    const image = await canvas.convertToBlob({ type: 'image/png' });
    const done = await run(client, { image, right: 96, seed: 3 });
    const out = await pixelsOf(done.data.generated[0]);
    const means: number[] = [];
    for (let cy = 0; cy < 128; cy += 8) {
      for (let cx = 192 + 24; cx + 8 <= 288; cx += 8) {
        let sum = 0;
        for (let y = cy; y < cy + 8; y++) for (let x = cx; x < cx + 8; x++) sum += out.data[(y * out.width + x) * 4 + 1];
        means.push(sum / 64);
      }
    }
    const mean = means.reduce((a, b) => a + b, 0) / means.length;
    const spread = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / means.length);
    // Measured: 1.3 with the smooth fill and detail (before the quilt), 32.8 quilted from the
    // crop alone (quilt round 1), 53.2 with sources from the whole original (round 2).
    expect(spread).toBeGreaterThan(20);
  });

  it('is deterministic: the same request and seed give the same bytes; num_images gives one per seed', async () => {
    const image = await noisePhoto(24, 16, 9);
    const a = await run(client, { image, right: 12, bottom: 4, seed: 77, num_images: 2 });
    const b = await run(client, { image, right: 12, bottom: 4, seed: 77, num_images: 2 });
    const bytes = (u: string) => fetch(u).then((r) => r.arrayBuffer()).then((x) => new Uint8Array(x));
    expect(await bytes(a.data.generated[0])).toEqual(await bytes(b.data.generated[0]));
    expect(a.data.images.map((i) => [i.seed, i.resolution])).toEqual([[77, '36x20'], [78, '36x20']]);
  });

  it('fires the same status events as submit(), in order, and the prompt is optional (fill model note says it is ignored)', async () => {
    const seen: Array<[string, string]> = [];
    const listening = new AbortController();
    client.addEventListener('status', (e) => seen.push([e.detail.task_id, e.detail.status]), { signal: listening.signal });
    const image = await noisePhoto(20, 20, 3);
    const { data } = await client.expand({ image, top: 10 });
    const id = data.task_id;
    const done = await client.wait(id);
    listening.abort();
    expect(seen.filter(([t]) => t === id).map(([, s]) => s)).toEqual(['CREATED', 'IN_PROGRESS', 'COMPLETED']);
    expect(done.data.images[0].prompt).toBe('');
    expect(done.data.model_note).toContain('ignores the prompt');
    expect((await client.list()).data.map((t) => t.task_id)).toContain(id);
  });

  it('cancel() of a queued expand fails it with canceled, as for inpainting', async () => {
    const image = await noisePhoto(64, 64, 4);
    const first = await client.expand({ image, left: 200, right: 200 });
    const second = await client.expand({ image, top: 8 });
    const canceled = await client.cancel(second.data.task_id);
    expect(canceled.data.status).toBe('FAILED');
    expect(canceled.data.error?.code).toBe('canceled');
    expect((await client.wait(first.data.task_id)).data.status).toBe('COMPLETED');
  });

  it('rejects a bad body with invalid_request naming each field, and queues nothing', async () => {
    const before = (await client.list()).data.length;
    const image = await noisePhoto(8, 8, 1);
    const err = await client.expand({ image, left: -1, right: 2.5, top: 4096, mask: image } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InpaintError);
    expect((err as InpaintError).code).toBe('invalid_request');
    expect((err as InpaintError).invalid_params?.map((p) => p.name)).toEqual(['mask', 'left', 'right', 'top']);
    const none = await client.expand({ image }).catch((e: unknown) => e);
    expect((none as InpaintError).invalid_params?.[0].name).toBe('left, right, top, bottom');
    expect((await client.list()).data.length).toBe(before);
  });
});

describe('webhooks for expand tasks', () => {
  it('POSTs { task_id, status, generated } for CREATED, IN_PROGRESS and COMPLETED, as for inpainting', async () => {
    const server = inject('webhookServer');
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    try {
      const image = await noisePhoto(12, 12, 5);
      const { data } = await client.expand({ image, left: 4, seed: 1, webhook_url: `${server}/hook` });
      const done = await client.wait(data.task_id);
      let posts: Array<{ method: string; path: string; json: { task_id?: string } }> = [];
      const deadline = Date.now() + 30_000;
      do {
        await new Promise((r) => setTimeout(r, 100));
        posts = ((await (await fetch(`${server}/__received`)).json()) as typeof posts).filter((p) => p.method === 'POST' && p.path === '/hook' && p.json?.task_id === data.task_id);
      } while (posts.length < 3 && Date.now() < deadline);
      expect(posts.map((p) => p.json)).toEqual([
        { task_id: data.task_id, status: 'CREATED', generated: [] },
        { task_id: data.task_id, status: 'IN_PROGRESS', generated: [] },
        { task_id: data.task_id, status: 'COMPLETED', generated: done.data.generated },
      ]);
    } finally {
      client.dispose();
    }
  });
});

describe('expand tasks persist and resume like any task', () => {
  it('a task left CREATED by a disposed client runs after a reload, to the expanded size', async () => {
    const dbName = `expand-${crypto.randomUUID()}`;
    const image = await noisePhoto(16, 12, 8);
    const first = new InpaintClient({ backend: 'wasm', dbName, resume: false });
    // resume: false leads its own queue: dispose before the worker can finish.
    const { data } = await first.expand({ image, left: 6, bottom: 3, seed: 2 });
    first.dispose();
    const second = new InpaintClient({ backend: 'wasm', dbName });
    try {
      await second.ready;
      const done = await second.wait(data.task_id);
      expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
      expect(done.data.images[0].resolution).toBe('22x15');
      const check = await checkExpand(image, done.data.generated[0], { left: 6, right: 0, top: 0, bottom: 3 });
      expect(check.changedInOriginal).toBe(0);
    } finally {
      second.dispose();
      indexedDB.deleteDatabase(dbName);
    }
  });
});

describe('the hosted Image Expand paths through createLocalEndpoint', () => {
  it('POST /v1/ai/image-expand/flux-pro → { data: { task_id, status, generated } }; GET …/{task_id} polls it to COMPLETED', async () => {
    const client = new InpaintClient({ backend: 'wasm', persist: false });
    try {
      const endpoint = createLocalEndpoint(client);
      const image = await noisePhoto(20, 10, 6);
      const b64 = await new Promise<string>((resolve) => {
        const r = new FileReader();
        r.onload = () => resolve(String(r.result).split(',')[1]);
        r.readAsDataURL(image);
      });
      const post = await endpoint(
        new Request(`https://api.freepik.com${EXPAND_API_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-freepik-api-key': 'unused' },
          body: JSON.stringify({ image: b64, prompt: '', left: 4, right: 6, top: 0, bottom: 2, seed: 3 }),
        }),
      );
      expect(post.status).toBe(200);
      const created = (await post.json()) as { data: { task_id: string; status: string; generated: string[] } };
      expect(created).toEqual({ data: { task_id: expect.any(String), status: 'CREATED', generated: [] } });
      let task: { status: string; generated: string[] };
      do {
        await new Promise((r) => setTimeout(r, 50));
        const res = await endpoint(new Request(`https://api.freepik.com${EXPAND_API_PATH}/${created.data.task_id}`));
        expect(res.status).toBe(200);
        task = ((await res.json()) as { data: typeof task }).data;
      } while (task.status === 'CREATED' || task.status === 'IN_PROGRESS');
      expect(task.status).toBe('COMPLETED');
      const check = await checkExpand(image, task.generated[0], { left: 4, right: 6, top: 0, bottom: 2 });
      expect(check).toEqual({ changedInOriginal: 0, unfilled: 0, border: 30 * 12 - 200 });

      const bad = await endpoint(
        new Request(`https://api.freepik.com${EXPAND_API_PATH}`, { method: 'POST', body: JSON.stringify({ image: b64, right: 5000 }) }),
      );
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({
        message: expect.stringMatching(/^Invalid request: right: is 5000; expected an integer from 0 to 2048/),
        invalid_params: [{ name: 'right', reason: 'is 5000; expected an integer from 0 to 2048 (pixels added on that side)' }],
      });
    } finally {
      client.dispose();
    }
  });
});

for (const backend of ['wasm', 'webgpu'] as const) describe(`each model family expands (twins), ${backend}`, () => {
  const runId = `expand-${backend}-${crypto.randomUUID()}`;
  let client: InpaintClient;
  beforeAll(async () => {
    client = new InpaintClient({ backend, persist: false, modelFiles: { ...(await twinOverrides(runId)), ...(await sdTwinOverrides(runId)) } });
    if (backend === 'webgpu') {
      const diag = await client.diagnostics();
      expect(diag.probe.webgpu, diag.probe.webgpuReason).toBe(true);
    }
  });
  afterAll(() => client.dispose());

  /** Border pixels farther than the seam feather from the original, and how many are exactly `colour`. */
  async function farBorder(image: Blob, url: string, sides: ExpandSides, colour: readonly number[]) {
    const input = await pixelsOf(image);
    const out = await pixelsOf(url);
    let far = 0;
    let exact = 0;
    for (let y = 0; y < out.height; y++) {
      for (let x = 0; x < out.width; x++) {
        const dx = Math.max(sides.left - x, x - (sides.left + input.width - 1), 0);
        const dy = Math.max(sides.top - y, y - (sides.top + input.height - 1), 0);
        if (Math.max(dx, dy) <= EXPAND_OVERLAP) continue;
        far++;
        const p = (y * out.width + x) * 4;
        if (out.data[p] === colour[0] && out.data[p + 1] === colour[1] && out.data[p + 2] === colour[2]) exact++;
      }
    }
    return { far, exact };
  }

  for (const [model, colour] of [['migan', MIGAN_TWIN_COLOUR], ['lama', LAMA_TWIN_COLOUR]] as const) {
    it(`${model}: the border is the twin's colour, the original bit-exact`, async () => {
      const image = await noisePhoto(96, 64, 21);
      const sides = { left: 0, right: 48, top: 20, bottom: 0 };
      const done = await run(client, { image, ...sides, model, seed: 4 });
      expect(done.data.model).toBe(model);
      expect(await checkExpand(image, done.data.generated[0], sides)).toMatchObject({ changedInOriginal: 0, unfilled: 0 });
      const { far, exact } = await farBorder(image, done.data.generated[0], sides, colour);
      expect(far).toBeGreaterThan(1000);
      expect(exact).toBe(far);
    });
  }

  // Banding is the same wrapper on every backend; on SwiftShader's WebGPU a 512 px LaMa or SD window
  // takes about 25 s, so there only MI-GAN (whose graph resizes to its own 512) runs bands.
  const banded = backend === 'wasm' ? ([['migan', MIGAN_TWIN_COLOUR], ['lama', LAMA_TWIN_COLOUR]] as const) : ([['migan', MIGAN_TWIN_COLOUR]] as const);
  for (const [model, colour] of banded) {
    it(`${model}: a border wider than the window is filled in bands, every band the twin's colour, the original bit-exact`, async () => {
      const image = await noisePhoto(200, 120, 23);
      const sides = { left: 0, right: 560, top: 0, bottom: 0 };
      const done = await run(client, { image, ...sides, model, seed: 6, num_images: 2 });
      expect(done.data.model_note).toContain('the border was filled in 3 bands of 256×256 px, each on a 512 px window');
      expect(done.data.backend).toBe(backend);
      expect(done.data.images.map((i) => [i.seed, i.resolution])).toEqual([[6, '760x120'], [7, '760x120']]);
      for (const url of done.data.generated) {
        expect(await checkExpand(image, url, sides)).toMatchObject({ changedInOriginal: 0, unfilled: 0 });
        const { far, exact } = await farBorder(image, url, sides, colour);
        expect(far).toBe((560 - EXPAND_OVERLAP) * 120);
        expect(exact).toBe(far);
      }
    });
  }

  if (backend === 'wasm') it('sd-turbo: a wide border is filled in bands at the model resolution; the original bit-exact', async () => {
    const image = await noisePhoto(200, 120, 24);
    const sides = { left: 0, right: 0, top: 0, bottom: 400 };
    const done = await run(client, { image, ...sides, prompt: 'a sandy beach', model: 'sd-turbo', seed: 8 });
    expect(done.data.model_note).toMatch(/the border was filled in \d+ bands of 256×256 px, each on a 512 px window/);
    expect(done.data.images[0].resolution).toBe('200x520');
    expect(await checkExpand(image, done.data.generated[0], sides)).toMatchObject({ changedInOriginal: 0, unfilled: 0 });
  });

  it('sd-turbo: a prompted expand runs the diffusion twin; the original bit-exact', async () => {
    const image = await noisePhoto(96, 64, 22);
    const sides = { left: 32, right: 32, top: 0, bottom: 0 };
    const done = await run(client, { image, ...sides, prompt: 'a beach at sunset', model: 'sd-turbo', seed: 8 });
    expect(done.data.model).toBe('sd-turbo');
    expect(done.data.images[0].resolution).toBe('160x64');
    expect(await checkExpand(image, done.data.generated[0], sides)).toMatchObject({ changedInOriginal: 0, unfilled: 0 });
  });
});
