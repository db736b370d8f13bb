/**
 * The streaming, resumable, verified download of one file into the chunk
 * store. Used by `getModelFile` on a cache miss; see README.md for the design.
 */
import type { UseStore } from 'idb-keyval';
import { InpaintError, abortReason, isAbortError } from '../../src/shared/errors';
import type { ProgressCallback } from '../../src/shared/progress';
import { chunkChecksum } from './checksum';
import { formatBytes } from './quota';
import { planResponse, rangeHeader } from './range';
import { createGitBlobSha1 } from './git-blob';
import { sha256Hex, type StreamingHash } from './sha256';
import { assertQuota, isQuotaExceeded } from './storage';
import { deleteEntry, readChunkInto, storeChunk, writeMeta } from './store';
import type { CachedModel, PinnedFile, StorageEstimateLike } from './types';

export interface DownloadContext {
  /** What the bytes must be: size and sha256 (or, for a plain-git Hub file, its git blob SHA-1). */
  file: PinnedFile;
  /** Shown in progress events. */
  fileName: string;
  modelId: string;
  store: UseStore;
  fetch: typeof fetch;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  estimate?: () => Promise<StorageEstimateLike>;
  chunkBytes: number;
  /** OPFS directory for a new entry's chunk bytes (store.ts `chunkDirectory`); undefined: IndexedDB records. */
  opfs?: string;
}

/** A fresh, empty metadata record; its chunks go to OPFS directory `opfs` when given. */
export function newMeta(file: PinnedFile, modelId: string, source: CachedModel['source'], opfs?: string): CachedModel {
  const meta: CachedModel = {
    modelId,
    url: file.url,
    bytes: file.bytes,
    bytesStored: 0,
    chunks: 0,
    chunkSums: [],
    complete: false,
    sha256: file.sha256,
    hashSource: file.hashSource,
    source,
    storedAt: Date.now(),
  };
  if (opfs) meta.opfs = opfs;
  if (file.gitBlobSha1) meta.gitBlobSha1 = file.gitBlobSha1;
  return meta;
}

/** True when every chunk of `meta` has its recorded checksum (entries of this version). */
export function hasChunkSums(meta: CachedModel): boolean {
  return Array.isArray(meta.chunkSums) && meta.chunkSums.length === meta.chunks;
}

/**
 * Verifies a whole downloaded file, once, before its entry is marked complete:
 * sha256 of the assembled buffer with WebCrypto (native; with SHA extensions
 * it runs at memory speed, where the streaming JavaScript sha256 this replaced
 * took longer than the download itself), plus the git blob SHA-1, streamed,
 * while a plain-git Hub file's sha256 is not known yet.
 */
export class FileVerifier {
  private readonly gitSha1: StreamingHash | undefined;

  constructor(private readonly file: PinnedFile) {
    this.gitSha1 = file.sha256 ? undefined : createGitBlobSha1(file.bytes);
  }

  update(data: Uint8Array): void {
    this.gitSha1?.update(data);
  }

  /** The file's sha256 when `whole` (all its bytes) is the expected file, else the `model_integrity` error to throw. */
  async finish(whole: Uint8Array): Promise<{ sha256: string } | { error: InpaintError }> {
    const sha256 = await sha256Hex(whole);
    if (this.gitSha1) {
      const actual = this.gitSha1.hex();
      return actual === this.file.gitBlobSha1 ? { sha256 } : { error: integrityError(this.file, actual, 'git blob SHA-1') };
    }
    return sha256 === this.file.sha256 ? { sha256 } : { error: integrityError(this.file, sha256) };
  }
}

/** Who said how big the file is, for messages. */
function sizeSource(file: PinnedFile): string {
  return file.hashSource === 'hub' ? "the Hub's metadata" : 'the manifest';
}

/** Appends chunks to one entry, keeping its metadata in step (one transaction per chunk). */
export class EntryWriter {
  constructor(
    private readonly store: UseStore,
    public meta: CachedModel,
  ) {}

  /**
   * Stores `data` as the next chunk. It may be a view into a bigger buffer (the
   * file being assembled): OPFS writes the view as it is; an IndexedDB record gets
   * a copy that owns its buffer, since IndexedDB would clone the whole buffer.
   */
  async append(view: Uint8Array): Promise<void> {
    const data = this.meta.opfs || view.byteLength === view.buffer.byteLength ? view : view.slice();
    const next: CachedModel = {
      ...this.meta,
      bytesStored: this.meta.bytesStored + data.length,
      chunks: this.meta.chunks + 1,
      // A partial entry of an older version has no checksums: it goes on without (and is verified with sha256 on read).
      chunkSums: hasChunkSums(this.meta) ? [...this.meta.chunkSums!, chunkChecksum(data, this.meta.chunks)] : undefined,
      storedAt: Date.now(),
    };
    if (!next.chunkSums) delete next.chunkSums;
    await storeChunk(this.store, next, data);
    this.meta = next;
  }

  /** Marks the entry complete, recording the sha256 it was verified with. */
  async complete(sha256: string): Promise<void> {
    // Complete means every byte is stored: routing and offline loads trust this flag.
    if (this.meta.bytesStored !== this.meta.bytes) {
      throw new InpaintError('model_integrity', `${this.meta.url}: only ${this.meta.bytesStored} of ${this.meta.bytes} bytes are stored; the entry stays incomplete.`, {
        details: { url: this.meta.url, bytes: this.meta.bytes, bytesStored: this.meta.bytesStored },
      });
    }
    const next: CachedModel = { ...this.meta, sha256, complete: true, storedAt: Date.now() };
    await writeMeta(this.store, next);
    this.meta = next;
  }
}

/**
 * Copies an entry's chunks into `output` from byte 0, checking each against its
 * recorded checksum, and feeding `hasher` if given. False when a chunk is
 * missing, is not bytes, fails its checksum, or the lengths disagree with the
 * metadata: such an entry must be discarded, not resumed or served.
 */
export async function readStoredBytes(
  store: UseStore,
  meta: CachedModel,
  output: Uint8Array,
  hasher?: Pick<StreamingHash, 'update'>,
): Promise<boolean> {
  if (meta.bytesStored > output.length) return false;
  const sums = hasChunkSums(meta) ? meta.chunkSums! : undefined;
  let offset = 0;
  for (let i = 0; i < meta.chunks; i++) {
    const view = await readChunkInto(store, meta, i, output, offset, meta.bytesStored - offset);
    if (!view) return false;
    if (sums && chunkChecksum(view, i) !== sums[i]) return false;
    hasher?.update(view);
    offset += view.length;
  }
  return offset === meta.bytesStored;
}

/** Emits `download` events at most every 0.5 % (≥ 64 KiB), and always the last one. */
class DownloadProgress {
  private last = -Infinity;
  private readonly step: number;

  constructor(
    private readonly ctx: DownloadContext,
    private readonly total: number,
  ) {
    this.step = Math.max(64 * 1024, Math.ceil(total / 200));
  }

  report(loaded: number, force = false): void {
    if (!force && loaded !== this.total && loaded - this.last < this.step) return;
    this.last = loaded;
    emit(this.ctx, { status: 'download', model: this.ctx.modelId, file: this.ctx.fileName, loaded, total: this.total });
  }
}

/** A progress callback's own bug must not turn into a failed download. */
export function emit(ctx: Pick<DownloadContext, 'onProgress'>, progress: Parameters<ProgressCallback>[0]): void {
  try {
    ctx.onProgress?.(progress);
  } catch (error) {
    console.warn('local-inpaint: onProgress threw', error);
  }
}

function fetchError(ctx: DownloadContext, message: string, details: Record<string, unknown>, cause?: unknown): InpaintError {
  // Offline, the network error says little: name the model and why it is needed.
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const text = offline
    ? `Model "${ctx.modelId}" is not cached on this device and the browser is offline: connect once to download it (${ctx.file.url}: ${message}).`
    : `Could not download ${ctx.file.url}: ${message}`;
  return new InpaintError('model_fetch', text, {
    details: { url: ctx.file.url, ...(offline ? { offline: true } : {}), ...details },
    cause,
  });
}

/**
 * Downloads `ctx.file`, resuming `resumeFrom` when its stored prefix reads back
 * intact, and returns the verified bytes in `output` (length `file.bytes`).
 * A plain-git Hub file is checked against its git blob SHA-1 and completed with
 * the sha256 computed on the way.
 *
 * The noble hash state is not persisted: a resume re-hashes the stored prefix
 * from IndexedDB, which costs one read of it and keeps the store free of
 * library-internal state. If the hash of a *resumed* download does not match
 * (the prefix was corrupt, or the file changed on the server between the two
 * requests), the entry is discarded and the download starts once more from 0
 * before `model_integrity` is thrown.
 */
export async function downloadFile(
  ctx: DownloadContext,
  resumeFrom: CachedModel | undefined,
  output: Uint8Array = new Uint8Array(ctx.file.bytes),
): Promise<Uint8Array> {
  const { file, store } = ctx;
  let resume = resumeFrom;
  for (let attempt = 0; attempt < 3; attempt++) {
    let hasher = new FileVerifier(file);
    let writer: EntryWriter;
    if (resume && resume.bytesStored > 0 && !resume.complete && (await readStoredBytes(store, resume, output, hasher))) {
      writer = new EntryWriter(store, resume);
    } else {
      if (resume) await deleteEntry(store, file.url);
      hasher = new FileVerifier(file);
      writer = new EntryWriter(store, newMeta(file, ctx.modelId, 'download', ctx.opfs));
    }
    resume = undefined;
    let start = writer.meta.bytesStored;
    if (start === file.bytes) {
      // Every byte was stored but the run stopped before marking the entry complete.
      const result = await hasher.finish(output);
      if ('sha256' in result) {
        await writer.complete(result.sha256);
        return output;
      }
      await deleteEntry(store, file.url);
      continue;
    }
    await assertQuota(ctx.estimate, file.bytes - start, file.url);
    ctx.signal?.throwIfAborted();

    const headers: Record<string, string> = {};
    const range = rangeHeader(start);
    if (range) headers.Range = range;
    let response: Response;
    try {
      // no-store: this cache is the copy; the HTTP cache would hold a second one.
      response = await ctx.fetch(file.url, { headers, signal: ctx.signal, cache: 'no-store' });
    } catch (error) {
      if (ctx.signal?.aborted) throw abortReason(ctx.signal);
      if (isAbortError(error)) throw error;
      throw fetchError(ctx, `network error (${String(error)})`, { status: 0 }, error);
    }
    const plan = planResponse(
      {
        status: response.status,
        contentRange: response.headers.get('content-range'),
        contentLength: response.headers.get('content-length'),
        contentEncoding: response.headers.get('content-encoding'),
      },
      start,
      file.bytes,
    );
    if (plan.kind === 'http_error') {
      await response.body?.cancel().catch(() => undefined);
      throw fetchError(ctx, `HTTP ${response.status} ${response.statusText}`.trim(), { status: response.status });
    }
    if (plan.kind === 'size_mismatch') {
      await response.body?.cancel().catch(() => undefined);
      await deleteEntry(store, file.url);
      throw new InpaintError(
        'model_integrity',
        `${file.url} is ${plan.serverBytes} bytes on the server but ${sizeSource(file)} says ${file.bytes}: not the expected file.`,
        { details: { url: file.url, expectedBytes: file.bytes, actualBytes: plan.serverBytes } },
      );
    }
    if (plan.kind === 'refetch') {
      await response.body?.cancel().catch(() => undefined);
      await deleteEntry(store, file.url);
      continue;
    }
    if (plan.offset !== start) {
      // 200 to a Range request: the server ignored Range and sends everything. Start over.
      await deleteEntry(store, file.url);
      hasher = new FileVerifier(file);
      writer = new EntryWriter(store, newMeta(file, ctx.modelId, 'download', ctx.opfs));
      start = 0;
    }
    if (!response.body) throw fetchError(ctx, `HTTP ${response.status} with no body`, { status: response.status });

    await streamBody(ctx, response.body, output, start, writer, hasher);

    emit(ctx, { status: 'verify', model: ctx.modelId, file: ctx.fileName });
    const result = await hasher.finish(output);
    if ('sha256' in result) {
      await writer.complete(result.sha256);
      return output;
    }
    await deleteEntry(store, file.url);
    if (start > 0) continue; // a stale or corrupt prefix: one clean download before giving up
    throw result.error;
  }
  throw fetchError(ctx, 'the server kept answering with unusable ranges', {});
}

/** `model_integrity` for a hash mismatch (sha256, or a plain-git Hub file's blob SHA-1). */
export function integrityError(
  file: Pick<PinnedFile, 'url' | 'sha256' | 'gitBlobSha1'>,
  actual: string,
  algorithm: 'sha256' | 'git blob SHA-1' = 'sha256',
): InpaintError {
  const expected = algorithm === 'sha256' ? file.sha256 : file.gitBlobSha1;
  const from = algorithm === 'sha256' ? '' : " (the Hub's oid for this revision)";
  return new InpaintError(
    'model_integrity',
    `${algorithm} mismatch for ${file.url}: expected ${expected}${from}, got ${actual}. The file was discarded.`,
    { details: { url: file.url, algorithm, expected, actual } },
  );
}

/**
 * Reads the body into `output` at `start`, storing each chunk as soon as it is
 * complete: the chunks are views of `output`, so each byte is copied once on
 * its way from the network (an IndexedDB record adds its own copy).
 */
async function streamBody(
  ctx: DownloadContext,
  body: ReadableStream<Uint8Array>,
  output: Uint8Array,
  start: number,
  writer: EntryWriter,
  hasher: FileVerifier,
): Promise<void> {
  const { file } = ctx;
  const total = file.bytes;
  const progress = new DownloadProgress(ctx, total);
  const { chunkBytes } = ctx;
  const reader = body.getReader();
  let written = start;
  // Bytes before chunkStart are stored; [chunkStart, written) is the chunk being filled.
  let chunkStart = start;
  let storing = false;
  progress.report(written, true);
  // Whatever arrived before an interruption is kept, so the next call resumes after it.
  const saveTail = async () => {
    if (written > chunkStart) await writer.append(output.subarray(chunkStart, written)).catch(() => undefined);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (written + value.length > total) {
        throw new InpaintError('model_integrity', `${file.url} sent more than the ${total} bytes ${sizeSource(file)} says.`, {
          details: { url: file.url, expectedBytes: total },
        });
      }
      output.set(value, written);
      hasher.update(value);
      written += value.length;
      progress.report(written);
      storing = true;
      while (written - chunkStart >= chunkBytes) {
        await writer.append(output.subarray(chunkStart, chunkStart + chunkBytes));
        chunkStart += chunkBytes;
      }
      storing = false;
    }
    // The last partial chunk is stored like the others: a failed write fails the download
    // (it used to be swallowed, and the entry was then completed short of its size).
    storing = true;
    if (written > chunkStart) await writer.append(output.subarray(chunkStart, written));
    chunkStart = written;
    storing = false;
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof InpaintError) {
      await deleteEntry(ctx.store, file.url);
      throw error;
    }
    // After a failed chunk write the tail no longer follows the stored bytes: keep only what is stored.
    if (!storing) await saveTail();
    if (ctx.signal?.aborted) throw abortReason(ctx.signal);
    if (isAbortError(error)) throw error;
    if (isQuotaExceeded(error)) {
      throw new InpaintError('cache_quota', `Storage filled up while caching ${file.url} (${formatBytes(written)} of ${formatBytes(total)}).`, {
        details: { url: file.url, bytesStored: writer.meta.bytesStored },
        cause: error,
      });
    }
    if (storing) {
      throw new InpaintError('cache_quota', `Could not store ${file.url} in IndexedDB (${String(error)}); ${formatBytes(writer.meta.bytesStored)} of ${formatBytes(total)} are kept and the next call resumes.`, {
        details: { url: file.url, bytesStored: writer.meta.bytesStored },
        cause: error,
      });
    }
    throw fetchError(ctx, `interrupted after ${written} of ${total} bytes (${String(error)}); the next call resumes`, {
      status: 0,
      bytesStored: writer.meta.bytesStored,
    }, error);
  }
  if (written < total) {
    throw fetchError(ctx, `the response ended after ${written} of ${total} bytes; the next call resumes`, {
      status: 0,
      bytesStored: writer.meta.bytesStored,
    });
  }
}
