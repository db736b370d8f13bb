/**
 * The Hugging Face Hub layout for the model test server (test code only):
 * which files a repository holds, their sizes and hashes as the Hub's tree API
 * reports them, and where their bytes come from.
 *
 * Repositories, by owner (the repository name and the revision are free, so a
 * test picks fresh ones and gets URLs the cache has never seen):
 * - `twins/<any>`: the SD-Turbo layout with the generated diffusion twins
 *   (models/build/sd-twin.ts): tokenizer/vocab.json, tokenizer/merges.txt,
 *   text_encoder/model.onnx, unet/model.onnx (4 channels), vae_encoder/model.onnx,
 *   vae_decoder/model.onnx. `twins-inpainting/<any>`: the same with the 9-channel UNet.
 * - `prng/<any>`: `<size>-<seed>/model.bin` (LFS) and `<size>-<seed>/notes.txt`
 *   (plain git), `size` PRNG bytes each (seeds `seed` and `seed + 1`).
 * - `<owner>/<name>` from `hubDirs`: a directory on disk (real weights), scanned
 *   and hashed at startup, streamed from disk.
 *
 * LFS or plain git is decided like a typical `.gitattributes`: weight
 * extensions and files over 10 MiB are LFS. An LFS entry reports the sha256 of
 * the content (`lfs.oid`) and, as `oid`, the git blob id of its pointer file; a
 * plain entry reports the git blob SHA-1 of the content.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { SD_TWIN_FILES } from '../../models/build/sd-twin';

/** One file of a Hub-layout repository. */
export interface HubEntry {
  /** Full path in the repository: `unet/model.onnx`. */
  path: string;
  size: number;
  lfs: boolean;
  /** sha256 of the content. */
  sha256: string;
  /** Git blob SHA-1 of the content (plain) or of the LFS pointer file (LFS). */
  oid: string;
  /** The bytes, for generated files; `diskPath` for files on disk. */
  bytes?: Uint8Array;
  diskPath?: string;
}

const LFS_EXTENSIONS = /\.(onnx|bin|data|safetensors|pb|pt|ckpt)$/i;
const LFS_MIN_BYTES = 10 * 1024 * 1024;

function isLfs(path: string, size: number): boolean {
  return LFS_EXTENSIONS.test(path) || size > LFS_MIN_BYTES;
}

function gitBlobSha1(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** The git-lfs pointer file the repository stores instead of an LFS file's content. */
function lfsPointer(sha256: string, size: number): Uint8Array {
  return new TextEncoder().encode(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`);
}

/** A generated file's entry. */
export function entryOf(path: string, bytes: Uint8Array): HubEntry {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const lfs = isLfs(path, bytes.length);
  return { path, size: bytes.length, lfs, sha256, oid: gitBlobSha1(lfs ? lfsPointer(sha256, bytes.length) : bytes), bytes };
}

/** Twin files by repository path. */
const TWIN_PATHS: Readonly<Record<string, string>> = {
  'tokenizer/vocab.json': 'sd-vocab.json',
  'tokenizer/merges.txt': 'sd-merges.txt',
  'text_encoder/model.onnx': 'sd-text-encoder.onnx',
  'unet/model.onnx': 'sd-unet4.onnx',
  'vae_encoder/model.onnx': 'sd-vae-encoder.onnx',
  'vae_decoder/model.onnx': 'sd-vae-decoder.onnx',
};

/** A repository: its files by path (directories are implied by the paths). */
export interface HubRepo {
  /** Files directly in `dir` ('' for the root), and the subdirectories there; undefined for an unknown directory. */
  list(dir: string): { files: HubEntry[]; dirs: string[] } | undefined;
  file(path: string): HubEntry | undefined;
}

function repoOf(entries: () => readonly HubEntry[]): HubRepo {
  return {
    list(dir) {
      const prefix = dir ? `${dir}/` : '';
      const all = entries().filter((e) => e.path.startsWith(prefix));
      if (all.length === 0) return undefined;
      const files = all.filter((e) => !e.path.slice(prefix.length).includes('/'));
      const dirs = [...new Set(all.filter((e) => !files.includes(e)).map((e) => prefix + e.path.slice(prefix.length).split('/')[0]))];
      return { files, dirs };
    },
    file: (path) => entries().find((e) => e.path === path),
  };
}

/**
 * The repositories of the generated layouts and of `hubDirs`.
 * `prng` files are built (and hashed) on first use; `bytesFor(size, seed)` must memoise.
 */
export async function hubRepos(
  hubDirs: Readonly<Record<string, string>>,
  bytesFor: (size: number, seed: number) => Uint8Array,
): Promise<(owner: string, name: string) => HubRepo | undefined> {
  const memo = new Map<string, HubEntry[]>();
  const once = (key: string, build: () => HubEntry[]) => {
    let v = memo.get(key);
    if (!v) memo.set(key, (v = build()));
    return v;
  };
  const twins = (channels: 4 | 9) =>
    repoOf(() =>
      once(`twins${channels}`, () =>
        Object.entries(TWIN_PATHS).map(([path, name]) => entryOf(path, SD_TWIN_FILES[name === 'sd-unet4.onnx' && channels === 9 ? 'sd-unet9.onnx' : name]())),
      ),
    );
  const twin4 = twins(4);
  const twin9 = twins(9);
  const prng: HubRepo = {
    list(dir) {
      const m = /^(\d+)-(\d+)$/.exec(dir);
      if (!m) return dir === '' ? { files: [], dirs: [] } : undefined;
      return { files: [prng.file(`${dir}/model.bin`)!, prng.file(`${dir}/notes.txt`)!], dirs: [] };
    },
    file(path) {
      const m = /^(\d+)-(\d+)\/(model\.bin|notes\.txt)$/.exec(path);
      const size = Number(m?.[1]);
      if (!m || !Number.isSafeInteger(size) || size <= 0 || size > 512 * 1024 * 1024) return undefined;
      const seed = Number(m[2]) + (m[3] === 'notes.txt' ? 1 : 0);
      return once(`prng:${path}`, () => [entryOf(path, bytesFor(size, seed))])[0];
    },
  };
  const dirs = new Map<string, HubRepo>();
  for (const [id, dir] of Object.entries(hubDirs)) {
    const entries = await scanDir(dir);
    dirs.set(id, repoOf(() => entries));
  }
  return (owner, name) => {
    if (owner === 'twins') return twin4;
    if (owner === 'twins-inpainting') return twin9;
    if (owner === 'prng') return prng;
    return dirs.get(`${owner}/${name}`);
  };
}

/** Every file under `root` (not `.git`), hashed by streaming: a 1.7 GB file never sits in memory. */
async function scanDir(root: string): Promise<HubEntry[]> {
  const out: HubEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      if (d.name === '.git' || d.name === '.cache') continue;
      const full = join(dir, d.name);
      if (d.isDirectory()) await walk(full);
      else if (d.isFile()) {
        const path = relative(root, full).split(sep).join('/');
        const { size } = await stat(full);
        const lfs = isLfs(path, size);
        const sha256 = createHash('sha256');
        const sha1 = createHash('sha1').update(`blob ${size}\0`);
        for await (const piece of createReadStream(full)) {
          sha256.update(piece as Buffer);
          if (!lfs) sha1.update(piece as Buffer);
        }
        const hex = sha256.digest('hex');
        out.push({ path, size, lfs, sha256: hex, oid: lfs ? gitBlobSha1(lfsPointer(hex, size)) : sha1.digest('hex'), diskPath: full });
      }
    }
  };
  await walk(root);
  return out;
}

/** A hex digest with its first digit changed: the same shape, the wrong value. */
export function wrongHex(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

/**
 * The tree API's JSON for one directory, as huggingface.co answers it
 * (`lastCommit` and security fields omitted). `wrongOid` paths get a wrong
 * `lfs.oid` (LFS) or `oid` (plain).
 */
export function treeJson(listing: { files: HubEntry[]; dirs: string[] }, wrongOid: ReadonlySet<string>): unknown[] {
  const files = listing.files.map((e) => {
    const bad = wrongOid.has(e.path);
    const base = { type: 'file', oid: bad && !e.lfs ? wrongHex(e.oid) : e.oid, size: e.size, path: e.path };
    return e.lfs ? { ...base, lfs: { oid: bad ? wrongHex(e.sha256) : e.sha256, size: e.size, pointerSize: lfsPointer(e.sha256, e.size).length } } : base;
  });
  const dirs = listing.dirs.map((path) => ({ type: 'directory', oid: createHash('sha1').update(path).digest('hex'), size: 0, path }));
  return [...dirs, ...files];
}
