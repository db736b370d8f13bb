/** Importing a weight file the user already has: the path for offline and air-gapped machines. */
import { InpaintError, abortReason, isAbortError } from '../../src/shared/errors';
import { ChunkBuffer, DEFAULT_CHUNK_BYTES } from './chunks';
import { EntryWriter, emit, integrityError, newMeta } from './download';
import { withLock } from './lock';
import { createSha256 } from './sha256';
import { assertQuota, defaultEstimate, isQuotaExceeded, requestPersistenceOnce } from './storage';
import { chunkDirectory, defaultStore, deleteEntry, readMeta } from './store';
import { checkModelFile, fileNameOf, isHubVerified, pinnedFile } from './validate';
import type { CachedModel, ImportModelFileOptions, ModelFile } from './types';

/**
 * Verifies a user-supplied file against its manifest entry (size, then
 * sha256, streaming through `blob.stream()`) and stores it as a complete
 * cache entry, replacing any earlier one. The file is read twice: once to
 * verify, once to store, so a wrong file never touches the cache (and a
 * correct entry already cached is kept when the import is rejected).
 *
 * An entry must carry its sha256: a Hub-verified entry without one cannot be
 * checked offline (its hash is read from the Hub at the first download).
 *
 * @throws InpaintError `model_integrity` when size or sha256 differ, or no sha256 is recorded; `cache_quota` when it does not fit.
 * @example
 * const [picked] = await showOpenFilePicker();
 * await importModelFile(manifest.files[0], await picked.getFile(), { modelId: manifest.id });
 */
export async function importModelFile(input: ModelFile, blob: Blob, options: ImportModelFileOptions): Promise<CachedModel> {
  const checked = checkModelFile(input);
  const { signal } = options;
  const fileName = fileNameOf(checked);
  if (isHubVerified(checked)) {
    throw new InpaintError(
      'model_integrity',
      `${fileName} (${checked.url}) has no recorded sha256: its size and hash are read from the Hugging Face Hub at the first ` +
        `download, so an imported copy cannot be verified offline. Import it with an entry that gives its sha256 ` +
        `(the client's modelFiles option), or let it download once.`,
      { details: { url: checked.url } },
    );
  }
  const file = pinnedFile(checked);
  if (blob.size !== file.bytes) {
    throw new InpaintError(
      'model_integrity',
      `The imported file is ${blob.size} bytes but ${fileName} (${file.url}) is ${file.bytes} bytes: not the expected file.`,
      { details: { url: file.url, expectedBytes: file.bytes, actualBytes: blob.size } },
    );
  }
  const store = options.store ?? defaultStore();
  return withLock(file.url, signal, async () => {
    requestPersistenceOnce();
    emit(options, { status: 'verify', model: options.modelId, file: fileName });
    const hasher = createSha256();
    await eachPiece(blob, signal, (piece) => hasher.update(piece));
    const actual = hasher.hex();
    if (actual !== file.sha256) throw integrityError(file, actual);

    const existing = await readMeta(store, file.url);
    await assertQuota(options.estimate ?? defaultEstimate(), file.bytes - (existing?.bytesStored ?? 0), file.url);
    await deleteEntry(store, file.url);
    const writer = new EntryWriter(store, newMeta(file, options.modelId, 'import', await chunkDirectory(options)));
    const chunker = new ChunkBuffer(options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    try {
      await eachPiece(blob, signal, async (piece) => {
        for (const chunk of chunker.push(piece)) await writer.append(chunk);
      });
      const tail = chunker.flush();
      if (tail) await writer.append(tail);
      await writer.complete(file.sha256);
    } catch (error) {
      // A half-stored import is not a resumable download: drop it.
      await deleteEntry(store, file.url).catch(() => 0);
      if (isQuotaExceeded(error)) {
        throw new InpaintError('cache_quota', `Storage filled up while importing ${file.url}.`, { details: { url: file.url }, cause: error });
      }
      throw error;
    }
    return writer.meta;
  });
}

/** Streams a Blob piece by piece; a read failure (file gone, permission) is `model_fetch`. */
async function eachPiece(blob: Blob, signal: AbortSignal | undefined, fn: (piece: Uint8Array) => void | Promise<void>): Promise<void> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        if (isAbortError(error)) throw error;
        throw new InpaintError('model_fetch', `Could not read the imported file: ${String(error)}`, { cause: error });
      }
      if (result.done) return;
      await fn(result.value);
    }
  } finally {
    reader.releaseLock();
  }
}
