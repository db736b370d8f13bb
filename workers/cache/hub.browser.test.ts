/**
 * Hub-verified files (`verifyFrom: 'hub'`, no sha256 recorded) through the real
 * cache, IndexedDB and fetch, against the model server's Hub layout
 * (test/servers/hub-layout.ts): the tree API gives size and hash, the cache
 * verifies the download against them and pins the entry.
 */
import { describe, expect, it } from 'vitest';
import { InpaintError } from '../../src/shared/errors';
import type { Progress } from '../../src/shared/progress';
import { getModelFile, importModelFile, listCachedModels, verifiedSha256 } from './index';
import { chunkKey, countChunks, readChunk } from './store';
import { set } from 'idb-keyval';
import { MODEL_SERVER, MiB, configureHub, digestHex, fetchBytes, hubEntry, hubRepo, hubUrl, noNetwork, rejection, repoLog, testStore } from './test-utils';
import type { ModelFile } from './types';

const store = testStore('hub');
const SIZE = 5 * MiB;

/** A manifest entry as models/sd/manifest.ts writes them: rounded size estimate, no sha256. */
function hubFile(url: string, estimate = 1_000_000): ModelFile {
  return { url, bytes: estimate, sha256: '', verifyFrom: 'hub' };
}

function entryFor(url: string) {
  return listCachedModels({ store }).then((all) => all.find((m) => m.url === url));
}

const treePath = (repo: string, dir: string) => `/api/models/${repo}/tree/main/${dir}`;

describe('getModelFile: Hub-verified files', () => {
  it("downloads an LFS file against the tree API's size and sha256, and lists it with the Hub's sha256", async () => {
    const repo = hubRepo('prng');
    const path = `${SIZE}-31/model.bin`;
    const url = hubUrl(repo, path);
    const expected = await hubEntry(repo, path);
    expect(expected.lfs?.oid).toBe(await digestHex(await fetchBytes(SIZE, 31)));
    const events: Progress[] = [];
    const bytes = await getModelFile(hubFile(url), { modelId: 'hub-lfs', store, chunkBytes: 2 * MiB, onProgress: (p) => events.push(p) });
    expect(bytes.length).toBe(SIZE);
    expect(await digestHex(bytes)).toBe(expected.lfs!.oid);
    // Progress totals are the Hub's exact size, not the manifest's estimate.
    expect(new Set(events.filter((e) => e.status === 'download').map((e) => e.total))).toEqual(new Set([SIZE]));
    expect(events.at(-1)).toEqual({ status: 'verify', model: 'hub-lfs', file: path });
    expect(await entryFor(url)).toMatchObject({ bytes: SIZE, bytesStored: SIZE, chunks: 3, complete: true, sha256: expected.lfs!.oid, hashSource: 'hub' });
    expect((await repoLog(repo)).map((r) => [r.path, r.range, r.status])).toEqual([
      [treePath(repo, `${SIZE}-31`), null, 200],
      [`/${repo}/resolve/main/${path}`, null, 200],
    ]);
    expect(await verifiedSha256(hubFile(url), { store })).toBe(expected.lfs!.oid);
  });

  it('verifies a plain-git file by its git blob SHA-1 and records its sha256, which every later read uses', async () => {
    const repo = hubRepo('prng');
    const path = `${MiB + 7}-40/notes.txt`;
    const url = hubUrl(repo, path);
    const expected = await hubEntry(repo, path);
    expect(expected.lfs).toBeUndefined();
    const bytes = await getModelFile(hubFile(url), { modelId: 'hub-git', store });
    const sha256 = await digestHex(bytes);
    expect(sha256).toBe(await digestHex(await fetchBytes(MiB + 7, 41)));
    expect(await entryFor(url)).toMatchObject({ bytes: MiB + 7, complete: true, sha256, gitBlobSha1: expected.oid, hashSource: 'hub' });
    // The second read is served and sha256-verified from IndexedDB, with no network at all.
    const offline = noNetwork();
    const again = await getModelFile(hubFile(url), { modelId: 'hub-git', store, fetch: offline.fetch });
    expect(offline.calls).toEqual([]);
    expect(await digestHex(again)).toBe(sha256);
  });

  it('a second getModelFile of a cached Hub file makes no request to the server: neither the API nor the file', async () => {
    const repo = hubRepo('twins');
    const url = hubUrl(repo, 'unet/model.onnx');
    await getModelFile(hubFile(url), { modelId: 'hub-twice', store });
    const seen = (await repoLog(repo)).length;
    expect(seen).toBe(2);
    const events: Progress[] = [];
    const bytes = await getModelFile(hubFile(url), { modelId: 'hub-twice', store, onProgress: (p) => events.push(p) });
    expect(bytes.length).toBe((await hubEntry(repo, 'unet/model.onnx')).size);
    expect(await repoLog(repo)).toHaveLength(seen);
    expect(events.map((e) => e.status)).toEqual(['verify']);
  });

  it('a wrong LFS oid fails the download with model_integrity and leaves nothing stored', async () => {
    const repo = hubRepo('prng');
    const path = `${SIZE}-50/model.bin`;
    await configureHub(repo, { wrongOid: [path] });
    const url = hubUrl(repo, path);
    const error = (await rejection(getModelFile(hubFile(url), { modelId: 'hub-bad', store, chunkBytes: MiB }))) as InpaintError;
    expect(error).toBeInstanceOf(InpaintError);
    expect(error.code).toBe('model_integrity');
    expect(error.message).toMatch(new RegExp(`^sha256 mismatch for ${url.replace(/[.?]/g, '\\$&')}: expected [0-9a-f]{64}, got ${await digestHex(await fetchBytes(SIZE, 50))}\\.`));
    expect(await entryFor(url)).toBeUndefined();
    expect(await countChunks(store, url)).toBe(0);
  });

  it('a wrong plain-git oid fails with model_integrity naming the SHA-1, and leaves nothing stored', async () => {
    const repo = hubRepo('twins');
    await configureHub(repo, { wrongOid: ['tokenizer/vocab.json'] });
    const url = hubUrl(repo, 'tokenizer/vocab.json');
    const error = (await rejection(getModelFile(hubFile(url), { modelId: 'hub-bad-git', store }))) as InpaintError;
    expect(error.code).toBe('model_integrity');
    expect(error.message).toContain(`git blob SHA-1 mismatch for ${url}`);
    expect(error.message).toContain(`got ${(await hubEntry(repo, 'tokenizer/vocab.json')).oid}`);
    expect(await entryFor(url)).toBeUndefined();
  });

  it('API 404 and 500 are model_fetch naming the API URL; the file itself is never requested', async () => {
    for (const status of [404, 500]) {
      const repo = hubRepo('prng');
      await configureHub(repo, { apiStatus: status });
      const url = hubUrl(repo, `${MiB}-60/model.bin`);
      const error = (await rejection(getModelFile(hubFile(url), { modelId: 'hub-api', store }))) as InpaintError;
      expect(error.code).toBe('model_fetch');
      expect(error.message).toContain(`${MODEL_SERVER}${treePath(repo, `${MiB}-60`)}: HTTP ${status}`);
      expect(error.message).toContain('modelFiles');
      // A missing repository is not worth a retry; a server error is.
      expect(error.message).toContain(status === 404 ? "Check the URL's repository, revision and path" : 'Retry when the Hub is reachable');
      expect(error.details).toMatchObject({ url, status });
      expect((await repoLog(repo)).map((r) => r.path)).toEqual([treePath(repo, `${MiB}-60`)]);
      expect(await entryFor(url)).toBeUndefined();
    }
  });

  it('a path the tree API does not list is model_integrity, before any download', async () => {
    const repo = hubRepo('twins');
    const url = hubUrl(repo, 'unet/missing.onnx');
    const error = (await rejection(getModelFile(hubFile(url), { modelId: 'hub-missing', store }))) as InpaintError;
    expect(error.code).toBe('model_integrity');
    expect(error.message).toContain('does not list "unet/missing.onnx" at revision "main"');
    expect((await repoLog(repo)).map((r) => r.path)).toEqual([treePath(repo, 'unet')]);
  });

  it('resumes a partial LFS download against the hash pinned in the entry, without asking the API again', async () => {
    const repo = hubRepo('prng');
    const path = `${SIZE}-70/model.bin`;
    const url = hubUrl(repo, path, 'cutAfter=3000000');
    expect(((await rejection(getModelFile(hubFile(url), { modelId: 'hub-resume', store, chunkBytes: MiB }))) as InpaintError).code).toBe('model_fetch');
    const partial = await entryFor(url);
    expect(partial).toMatchObject({ complete: false, bytes: SIZE, hashSource: 'hub', sha256: (await hubEntry(repo, path)).lfs!.oid });
    const bytes = await getModelFile(hubFile(url), { modelId: 'hub-resume', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe(partial!.sha256);
    expect((await repoLog(repo)).map((r) => [r.path.startsWith('/api/') ? 'api' : 'file', r.range, r.status, r.cut])).toEqual([
      ['api', null, 200, false],
      ['file', null, 200, true],
      ['file', `bytes=${partial!.bytesStored}-`, 206, false],
    ]);
  });

  it('resumes a partial plain-git download: the SHA-1 covers the stored prefix too, and the sha256 is recorded at the end', async () => {
    const repo = hubRepo('prng');
    const size = 3 * MiB;
    const path = `${size}-80/notes.txt`;
    const url = hubUrl(repo, path, 'cutAfter=1500000');
    expect(((await rejection(getModelFile(hubFile(url), { modelId: 'hub-git-resume', store, chunkBytes: MiB }))) as InpaintError).code).toBe('model_fetch');
    const partial = await entryFor(url);
    expect(partial).toMatchObject({ complete: false, sha256: '', gitBlobSha1: (await hubEntry(repo, path)).oid });
    expect(partial!.bytesStored).toBeGreaterThan(0);
    const bytes = await getModelFile(hubFile(url), { modelId: 'hub-git-resume', store, chunkBytes: MiB });
    const sha256 = await digestHex(bytes);
    expect(sha256).toBe(await digestHex(await fetchBytes(size, 81)));
    expect(await entryFor(url)).toMatchObject({ complete: true, sha256 });
    expect((await repoLog(repo)).filter((r) => r.path.startsWith('/api/'))).toHaveLength(1);
  });

  it('refuses to import a Hub-verified entry with no sha256 (nothing to check it against offline), storing nothing', async () => {
    const repo = hubRepo('prng');
    const url = hubUrl(repo, `${MiB}-95/model.bin`);
    const blob = new Blob([(await fetchBytes(MiB, 95)) as Uint8Array<ArrayBuffer>]);
    const error = (await rejection(importModelFile(hubFile(url, MiB), blob, { modelId: 'hub-import', store }))) as InpaintError;
    expect(error.code).toBe('model_integrity');
    expect(error.message).toContain('has no recorded sha256');
    expect(await entryFor(url)).toBeUndefined();
    expect(await repoLog(repo)).toEqual([]);
  });

  it('a corrupt cached Hub file is discarded, looked up on the Hub again and downloaded again', async () => {
    const repo = hubRepo('prng');
    const path = `${3 * MiB}-90/model.bin`;
    const url = hubUrl(repo, path);
    await getModelFile(hubFile(url), { modelId: 'hub-rot', store, chunkBytes: MiB });
    const chunk = (await readChunk(store, url, 1)) as Uint8Array;
    chunk[77] ^= 0x10;
    await set(chunkKey(url, 1), chunk, store);
    const bytes = await getModelFile(hubFile(url), { modelId: 'hub-rot', store, chunkBytes: MiB });
    expect(await digestHex(bytes)).toBe((await hubEntry(repo, path)).lfs!.oid);
    expect((await repoLog(repo)).map((r) => (r.path.startsWith('/api/') ? 'api' : 'file'))).toEqual(['api', 'file', 'api', 'file']);
  });
});
