/** IndexedDB chunk size: big enough that a 208 MB file is ~50 records, small enough for one cheap transaction each. */
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * OPFS chunk file size: a file costs a handle and an open per read, so fewer, bigger
 * ones read faster; an interruption still keeps every byte (the partial tail is stored).
 */
export const OPFS_CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * Re-cuts a stream of arbitrarily sized reads into chunk records of exactly
 * `chunkBytes` (the last one shorter). Every chunk it returns owns an
 * ArrayBuffer of exactly its length, because IndexedDB structured-clones the
 * whole buffer behind a view: storing a subarray of a 200 MB buffer would
 * copy 200 MB.
 */
export class ChunkBuffer {
  readonly chunkBytes: number;
  private buffer: Uint8Array | null = null;
  private fill = 0;

  constructor(chunkBytes: number = DEFAULT_CHUNK_BYTES) {
    if (!Number.isSafeInteger(chunkBytes) || chunkBytes <= 0) {
      throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
    }
    this.chunkBytes = chunkBytes;
  }

  /** Bytes held that are not yet part of a returned chunk. */
  get pending(): number {
    return this.fill;
  }

  /** Copies `data` in; returns the chunks it completed, in order. */
  push(data: Uint8Array): Uint8Array[] {
    const full: Uint8Array[] = [];
    let offset = 0;
    while (offset < data.length) {
      this.buffer ??= new Uint8Array(this.chunkBytes);
      const take = Math.min(this.chunkBytes - this.fill, data.length - offset);
      this.buffer.set(data.subarray(offset, offset + take), this.fill);
      this.fill += take;
      offset += take;
      if (this.fill === this.chunkBytes) {
        full.push(this.buffer);
        this.buffer = null;
        this.fill = 0;
      }
    }
    return full;
  }

  /** The partial chunk, copied to its exact length, or null when empty. Resets the buffer. */
  flush(): Uint8Array | null {
    if (this.fill === 0 || this.buffer === null) return null;
    const out = this.buffer.slice(0, this.fill);
    this.fill = 0;
    return out;
  }
}

