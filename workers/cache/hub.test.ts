import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InpaintError } from '../../src/shared/errors';
import { createGitBlobSha1, gitBlobSha1Hex, isSha1Hex } from './git-blob';
import { hubTreeUrl, lookupHubFile, nextLink, parseHubUrl } from './hub';
import { checkModelFile, entryMatches, isHubVerified } from './validate';
import type { CachedModel } from './types';

const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const TURBO = 'https://huggingface.co/schmuell/sd-turbo-ort-web/resolve/main';

function thrown(fn: () => unknown): InpaintError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InpaintError);
    return e as InpaintError;
  }
  throw new Error('expected a throw');
}

async function rejected(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('git blob SHA-1', () => {
  it('matches git hash-object: "hello\\n" and the empty blob', () => {
    expect(gitBlobSha1Hex(new TextEncoder().encode('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(gitBlobSha1Hex(new Uint8Array())).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('gives the same id streamed in uneven pieces as node:crypto over header + content', () => {
    const data = Uint8Array.from({ length: 300_007 }, (_, i) => (i * 131 + (i >> 5)) & 0xff);
    const h = createGitBlobSha1(data.length);
    for (let at = 0; at < data.length; at += 65_521) h.update(data.subarray(at, at + 65_521));
    expect(h.hex()).toBe(createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex'));
  });

  it('recognises 40-digit lower-case hex only', () => {
    expect(isSha1Hex('ce013625030ba8dba906f756967f9e9ca394464a')).toBe(true);
    expect(isSha1Hex('CE013625030BA8DBA906F756967F9E9CA394464A')).toBe(false);
    expect(isSha1Hex(SHA)).toBe(false);
    expect(isSha1Hex(undefined)).toBe(false);
  });
});

describe('parseHubUrl and hubTreeUrl', () => {
  it('maps a resolve URL to the tree API of its directory, on any host', () => {
    const ref = parseHubUrl(`${TURBO}/unet/model.onnx`);
    expect(ref).toEqual({ origin: 'https://huggingface.co', repoType: 'model', repo: 'schmuell/sd-turbo-ort-web', revision: 'main', path: 'unet/model.onnx' });
    expect(hubTreeUrl(ref!)).toBe('https://huggingface.co/api/models/schmuell/sd-turbo-ort-web/tree/main/unet');
    const local = parseHubUrl('http://127.0.0.1:4321/twins/run-1/resolve/v1.0/tokenizer/vocab.json?run=3#x');
    expect(local).toMatchObject({ origin: 'http://127.0.0.1:4321', repo: 'twins/run-1', revision: 'v1.0', path: 'tokenizer/vocab.json' });
    expect(hubTreeUrl(local!)).toBe('http://127.0.0.1:4321/api/models/twins/run-1/tree/v1.0/tokenizer');
  });

  it('lists the root for a root file, and nested directories whole', () => {
    expect(hubTreeUrl(parseHubUrl('https://hf.co/a/b/resolve/main/model.onnx')!)).toBe('https://hf.co/api/models/a/b/tree/main');
    expect(hubTreeUrl(parseHubUrl('https://hf.co/a/b/resolve/main/onnx/fp16/model.onnx')!)).toBe('https://hf.co/api/models/a/b/tree/main/onnx/fp16');
  });

  it('decodes path segments and re-encodes them for the API (a revision with slashes stays one segment)', () => {
    const ref = parseHubUrl('https://huggingface.co/a/b/resolve/refs%2Fpr%2F12/my%20dir/x%2By.json')!;
    expect([ref.revision, ref.path]).toEqual(['refs/pr/12', 'my dir/x+y.json']);
    expect(hubTreeUrl(ref)).toBe('https://huggingface.co/api/models/a/b/tree/refs%2Fpr%2F12/my%20dir');
  });

  it('knows datasets and owner-less legacy models', () => {
    const ds = parseHubUrl('https://huggingface.co/datasets/o/n/resolve/main/data/x.bin')!;
    expect(ds).toMatchObject({ repoType: 'dataset', repo: 'o/n', path: 'data/x.bin' });
    expect(hubTreeUrl(ds)).toBe('https://huggingface.co/api/datasets/o/n/tree/main/data');
    expect(hubTreeUrl(parseHubUrl('https://huggingface.co/gpt2/resolve/main/config.json')!)).toBe('https://huggingface.co/api/models/gpt2/tree/main');
  });

  it('rejects what is not a resolve URL', () => {
    for (const url of [
      'not a url',
      'ftp://h/a/b/resolve/main/x',
      'https://cdn.example.com/weights/model.onnx',
      'https://huggingface.co/a/b/blob/main/x.onnx',
      'https://huggingface.co/a/b/resolve/main',
      'https://huggingface.co/a/b/resolve/main/',
      'https://huggingface.co/a/b/resolve/main/x//y',
      'https://huggingface.co/a/b/resolve/main/%E0%A4%A',
      'https://huggingface.co/a/b/resolve/main/a%2F..%2Fb',
      '/a/b/resolve/main/x',
    ]) {
      expect(parseHubUrl(url), url).toBeUndefined();
    }
  });
});

describe('nextLink', () => {
  it('reads rel="next" from a Link header, resolved against the page', () => {
    const page = 'https://h/api/models/a/b/tree/main';
    expect(nextLink('<https://h/api/models/a/b/tree/main?cursor=abc>; rel="next"', page)).toBe('https://h/api/models/a/b/tree/main?cursor=abc');
    expect(nextLink('</api/x?cursor=2>; rel="prev", </api/x?cursor=3>; rel=next', page)).toBe('https://h/api/x?cursor=3');
    expect(nextLink('</api/x?cursor=2>; rel="prev"', page)).toBeUndefined();
    expect(nextLink(null, page)).toBeUndefined();
  });
});

type Route = (url: string, init?: RequestInit) => Response | Promise<Response>;
function fakeFetch(route: Route): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(String(input));
      return route(String(input), init);
    }) as typeof fetch,
  };
}
const listing = (entries: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(entries), { status: 200, headers: { 'content-type': 'application/json', ...headers } });

const UNET_ENTRY = {
  type: 'file',
  oid: '7a6e9e3a4a8b5a5d9cfa2a1d1b7d0b6a0a6c1e2f',
  size: 1_733_000_123,
  path: 'unet/model.onnx',
  lfs: { oid: SHA.toUpperCase(), size: 1_733_000_123, pointerSize: 135 },
};

describe('lookupHubFile', () => {
  it("returns an LFS file's size and sha256, asking the tree API of its directory once", async () => {
    const f = fakeFetch(() => listing([{ type: 'directory', oid: 'x', size: 0, path: 'unet/sub' }, UNET_ENTRY]));
    const facts = await lookupHubFile(`${TURBO}/unet/model.onnx`, { fetch: f.fetch });
    expect(facts).toEqual({ bytes: 1_733_000_123, sha256: SHA, apiUrl: 'https://huggingface.co/api/models/schmuell/sd-turbo-ort-web/tree/main/unet' });
    expect(f.calls).toEqual(['https://huggingface.co/api/models/schmuell/sd-turbo-ort-web/tree/main/unet']);
  });

  it("returns a plain-git file's size and git blob SHA-1", async () => {
    const f = fakeFetch(() => listing([{ type: 'file', oid: 'CE013625030BA8DBA906F756967F9E9CA394464A', size: 6, path: 'tokenizer/vocab.json' }]));
    expect(await lookupHubFile(`${TURBO}/tokenizer/vocab.json`, { fetch: f.fetch })).toMatchObject({
      bytes: 6,
      gitBlobSha1: 'ce013625030ba8dba906f756967f9e9ca394464a',
    });
  });

  it('follows Link: rel="next" pages until the entry appears', async () => {
    const f = fakeFetch((url) =>
      url.endsWith('cursor=2')
        ? listing([UNET_ENTRY])
        : listing([{ type: 'file', oid: 'ce013625030ba8dba906f756967f9e9ca394464a', size: 6, path: 'unet/readme.txt' }], {
            link: '<https://huggingface.co/api/models/schmuell/sd-turbo-ort-web/tree/main/unet?cursor=2>; rel="next"',
          }),
    );
    expect(await lookupHubFile(`${TURBO}/unet/model.onnx`, { fetch: f.fetch })).toMatchObject({ sha256: SHA });
    expect(f.calls).toHaveLength(2);
  });

  it('HTTP and network errors are model_fetch, naming the API URL and the way out', async () => {
    for (const route of [() => new Response('{}', { status: 404 }), () => new Response('', { status: 500 }), () => Promise.reject(new TypeError('Failed to fetch'))]) {
      const error = (await rejected(lookupHubFile(`${TURBO}/unet/model.onnx`, { fetch: fakeFetch(route as Route).fetch }))) as InpaintError;
      expect(error).toBeInstanceOf(InpaintError);
      expect(error.code).toBe('model_fetch');
      expect(error.message).toContain('https://huggingface.co/api/models/schmuell/sd-turbo-ort-web/tree/main/unet');
      expect(error.message).toContain('modelFiles');
      expect(error.message).toMatch(/HTTP 404|HTTP 500|network error \(TypeError: Failed to fetch\)/);
    }
  });

  it('a missing entry, a directory, a non-list, bad JSON or bad fields are model_integrity', async () => {
    const cases: [Route, RegExp][] = [
      [() => listing([{ ...UNET_ENTRY, path: 'unet/other.onnx' }]), /does not list "unet\/model\.onnx" at revision "main"/],
      [() => listing([{ ...UNET_ENTRY, type: 'directory' }]), /as a directory, not a file/],
      [() => listing({ error: 'nope' }), /is not a JSON list of files/],
      [() => new Response('<html>', { status: 200 }), /is not valid JSON/],
      [() => listing([{ ...UNET_ENTRY, lfs: { oid: 'abc', size: 10 } }]), /no valid LFS sha256 and size/],
      [() => listing([{ type: 'file', oid: 'xyz', size: 6, path: 'unet/model.onnx' }]), /no valid git oid and size/],
      [() => listing([{ type: 'file', oid: 'ce013625030ba8dba906f756967f9e9ca394464a', size: 0, path: 'unet/model.onnx' }]), /no valid git oid and size/],
      [() => listing([{ type: 'file', oid: 'ce013625030ba8dba906f756967f9e9ca394464a', size: 6, path: 'unet/model.onnx', xetHash: 'ab' }]), /Xet-backed/],
    ];
    for (const [route, message] of cases) {
      const error = (await rejected(lookupHubFile(`${TURBO}/unet/model.onnx`, { fetch: fakeFetch(route).fetch }))) as InpaintError;
      expect(error.code).toBe('model_integrity');
      expect(error.message).toMatch(message);
    }
  });

  it('an unparseable URL is model_integrity before any request; an abort passes through', async () => {
    const f = fakeFetch(() => listing([]));
    const error = (await rejected(lookupHubFile('https://cdn.example.com/model.onnx', { fetch: f.fetch }))) as InpaintError;
    expect(error.code).toBe('model_integrity');
    expect(error.message).toContain('not a Hugging Face Hub resolve URL');
    expect(f.calls).toEqual([]);
    const controller = new AbortController();
    controller.abort();
    const aborting = fakeFetch((_, init) => Promise.reject(init?.signal?.reason));
    const abort = await rejected(lookupHubFile(`${TURBO}/unet/model.onnx`, { fetch: aborting.fetch, signal: controller.signal }));
    expect((abort as DOMException).name).toBe('AbortError');
  });
});

describe("checkModelFile and entryMatches with verifyFrom: 'hub'", () => {
  it('accepts an empty sha256 only for a Hub-verified entry on a resolve URL', () => {
    const hub = checkModelFile({ url: `${TURBO}/unet/model.onnx`, bytes: 1_730_000_000, sha256: '', verifyFrom: 'hub' });
    expect(isHubVerified(hub)).toBe(true);
    expect(thrown(() => checkModelFile({ url: `${TURBO}/unet/model.onnx`, bytes: 1, sha256: '' })).message).toContain("sha256 must be 64 hex digits (or '' with verifyFrom: 'hub')");
    const offHub = thrown(() => checkModelFile({ url: 'https://cdn.example.com/weights/model.onnx', bytes: 1, sha256: '', verifyFrom: 'hub' }));
    expect(offHub.code).toBe('model_integrity');
    expect(offHub.message).toContain("verifyFrom: 'hub' needs a Hugging Face Hub resolve URL");
    // A recorded sha256 wins: the entry is checked like any other.
    expect(isHubVerified(checkModelFile({ url: `${TURBO}/unet/model.onnx`, bytes: 1, sha256: SHA, verifyFrom: 'hub' }))).toBe(false);
    expect(thrown(() => checkModelFile({ url: `${TURBO}/x`, bytes: 1, sha256: '', verifyFrom: 'git' as 'hub' })).message).toContain("verifyFrom must be 'hub'");
  });

  it("a Hub-verified entry uses whatever size and hash the cache pinned; a pinned entry must match exactly", () => {
    const meta = (over: Partial<CachedModel>): CachedModel => ({
      modelId: 'm',
      url: `${TURBO}/unet/model.onnx`,
      bytes: 1_733_000_123,
      bytesStored: 0,
      chunks: 0,
      complete: false,
      sha256: SHA,
      hashSource: 'hub',
      source: 'download',
      storedAt: 0,
      ...over,
    });
    const hub = checkModelFile({ url: `${TURBO}/unet/model.onnx`, bytes: 1_730_000_000, sha256: '', verifyFrom: 'hub' });
    expect(entryMatches(meta({ complete: true }), hub)).toBe(true);
    expect(entryMatches(meta({}), hub)).toBe(true);
    expect(entryMatches(meta({ sha256: '', gitBlobSha1: 'ce013625030ba8dba906f756967f9e9ca394464a' }), hub)).toBe(true);
    expect(entryMatches(meta({ sha256: '' }), hub)).toBe(false);
    const pinned = checkModelFile({ url: `${TURBO}/unet/model.onnx`, bytes: 1_733_000_123, sha256: SHA });
    expect(entryMatches(meta({ complete: true }), pinned)).toBe(true);
    expect(entryMatches(meta({ complete: true, bytes: 5 }), pinned)).toBe(false);
  });
});
