import { describe, expect, it, vi } from 'vitest';
import { InpaintError } from '../shared/errors';
import { classifyImageString, decodedBase64Length } from './image-input';
import { resolveImageInput, type ResolveImageOptions } from './resolve';
import { encodePng, toBase64 } from './test-images';
import type { ImageInput } from './types';

const bytesOf = async (blob: Blob): Promise<number[]> => Array.from(new Uint8Array(await blob.arrayBuffer()));

async function failure(input: unknown, options?: ResolveImageOptions): Promise<InpaintError> {
  try {
    await resolveImageInput(input as ImageInput, 'image', options);
  } catch (err) {
    if (err instanceof InpaintError) return err;
    throw err;
  }
  throw new Error('resolveImageInput accepted the input');
}

describe('resolveImageInput', () => {
  const png = encodePng(3, 2);

  it('decodes bare base64 to the exact bytes', async () => {
    expect(await bytesOf(await resolveImageInput(toBase64(png), 'image'))).toEqual(Array.from(png));
  });

  it('decodes a data: URL, ignoring line breaks in the payload', async () => {
    const wrapped = toBase64(png).replace(/(.{20})/g, '$1\n');
    expect(await bytesOf(await resolveImageInput(`data:image/png;base64,${wrapped}`, 'mask'))).toEqual(Array.from(png));
  });

  it('accepts base64 without padding', async () => {
    const unpadded = toBase64(new Uint8Array([1, 2, 3, 4])).replace(/=+$/, '');
    expect(unpadded).toBe('AQIDBA');
    expect(await bytesOf(await resolveImageInput(unpadded, 'image'))).toEqual([1, 2, 3, 4]);
  });

  it('computes the decoded size from the string length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 101]) {
      expect(decodedBase64Length(toBase64(new Uint8Array(n)))).toBe(n);
    }
  });

  it('refuses invalid base64 under the field name', async () => {
    const err = await failure('AAAA*AAA');
    expect(err.code).toBe('invalid_request');
    expect(err.invalid_params).toEqual([{ name: 'image', reason: expect.stringMatching(/not valid base64 \(expected the characters A-Z a-z 0-9 \+ \/ with optional = padding\)/) }]);
    expect((await failure('AAAAA')).invalid_params?.[0].reason).toMatch(/not valid base64/); // length 1 mod 4
  });

  it('refuses oversized base64 before decoding', async () => {
    const err = await failure(toBase64(new Uint8Array(1001)), { maxImageBytes: 1000 });
    expect(err.invalid_params?.[0].reason).toMatch(/\(1001 bytes\); the maximum is 1 KB \(1000 bytes\)/);
  });

  it('returns a Blob as it is', async () => {
    const blob = new Blob([png as BlobPart]);
    expect(await resolveImageInput(blob, 'image')).toBe(blob);
  });

  it('refuses a URL whose Content-Length is over the cap without reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull(c) { pulled++; c.enqueue(new Uint8Array(10)); } });
    const fetch = (async () => new Response(body, { headers: { 'content-length': '5000' } })) as typeof globalThis.fetch;
    const err = await failure('https://example.com/big.png', { fetch, maxImageBytes: 1000 });
    expect(err.invalid_params?.[0].reason).toMatch(/\(5000 bytes\); the maximum is 1 KB \(1000 bytes\)/);
    expect(pulled).toBeLessThanOrEqual(1); // at most the stream's initial pull, never the whole body
  });

  it('stops a download without Content-Length as soon as it passes the cap', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({ pull(c) { pulled++; c.enqueue(new Uint8Array(100)); } });
    const fetch = (async () => new Response(endless)) as typeof globalThis.fetch;
    const err = await failure('https://example.com/endless', { fetch, maxImageBytes: 1000 });
    expect(err.invalid_params?.[0].reason).toMatch(/is larger than 1 KB \(1000 bytes\): the download passed the limit/);
    expect(pulled).toBeLessThan(15);
  });

  it('fails a URL that sends two bytes and stalls with invalid_request after the default 30 s, naming the field', async () => {
    vi.useFakeTimers();
    try {
      let pulled = 0;
      // Two bytes, then nothing: the body only ends when the fetch's signal aborts it, as a real fetch does.
      const fetch = (async (_url: string, init?: RequestInit) => {
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(Uint8Array.of(0x89, 0x50));
            init?.signal?.addEventListener('abort', () => c.error(init.signal!.reason));
          },
          pull() {
            pulled++;
            return new Promise(() => {});
          },
        });
        return new Response(body, { headers: { 'content-type': 'image/png' } });
      }) as typeof globalThis.fetch;
      const pending = failure('https://example.com/stall.png', { fetch });
      await vi.advanceTimersByTimeAsync(29_999);
      let settled = false;
      void pending.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const err = await pending;
      expect(err.code).toBe('invalid_request');
      expect(err.invalid_params).toEqual([{ name: 'image', reason: expect.stringMatching(/^timed out after 30 s while fetching https:\/\/example\.com\/stall\.png/) }]);
      expect(pulled).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("passes the caller's abort through as its AbortError while a URL is still arriving", async () => {
    const controller = new AbortController();
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof globalThis.fetch;
    const pending = resolveImageInput('https://example.com/slow.png', 'image', { fetch, signal: controller.signal, imageFetchTimeoutMs: 60_000 });
    controller.abort(new DOMException('user left', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'user left' });
  });

  it('refuses ImageBitmap/ImageData-like values and other objects in Node with what is valid', async () => {
    const err = await failure({ width: 2, height: 2, data: new Uint8ClampedArray(16) });
    expect(err.invalid_params?.[0].reason).toMatch(/expected an https URL .* a Blob\/File, an ImageBitmap or an ImageData/);
  });
});

describe('classifyImageString', () => {
  it('classifies https and localhost URLs, data URLs and bare base64', () => {
    expect(classifyImageString('https://example.com/a.png')).toMatchObject({ kind: 'url' });
    expect(classifyImageString('http://127.0.0.1:3000/a.png')).toMatchObject({ kind: 'url' });
    expect(classifyImageString('data:image/webp;base64,AAAA')).toEqual({ kind: 'base64', base64: 'AAAA' });
    expect(classifyImageString('DATA:IMAGE/PNG;charset=x;base64,QUJD')).toEqual({ kind: 'base64', base64: 'QUJD' });
    expect(classifyImageString(' QUJD ')).toEqual({ kind: 'base64', base64: 'QUJD' });
  });

  it('explains what is wrong with an empty string or a relative path', () => {
    expect(classifyImageString('')).toEqual({ reason: expect.stringMatching(/empty string; expected an https URL/) });
    expect(classifyImageString('/img/a.png')).toEqual({ reason: expect.stringMatching(/neither a URL nor base64/) });
  });
});
