import { describe, expect, it } from 'vitest';
import { ChunkBuffer, DEFAULT_CHUNK_BYTES } from './chunks';

const seq = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('ChunkBuffer', () => {
  it('defaults to 4 MiB chunks', () => {
    expect(new ChunkBuffer().chunkBytes).toBe(DEFAULT_CHUNK_BYTES);
    expect(DEFAULT_CHUNK_BYTES).toBe(4 * 1024 * 1024);
  });

  it('re-cuts reads of any size into exact chunks and keeps byte order', () => {
    const buf = new ChunkBuffer(10);
    expect(buf.push(seq(0, 4))).toEqual([]);
    expect(buf.pending).toBe(4);
    const out = buf.push(seq(4, 23)); // 27 bytes in: two full chunks, 7 pending
    expect(out.map((c) => c.length)).toEqual([10, 10]);
    expect(Array.from(out[0])).toEqual(Array.from(seq(0, 10)));
    expect(Array.from(out[1])).toEqual(Array.from(seq(10, 10)));
    expect(buf.pending).toBe(7);
    const tail = buf.flush();
    expect(Array.from(tail!)).toEqual(Array.from(seq(20, 7)));
    expect(buf.pending).toBe(0);
    expect(buf.flush()).toBeNull();
  });

  it('gives every chunk its own exactly sized ArrayBuffer (IndexedDB clones whole buffers)', () => {
    const buf = new ChunkBuffer(8);
    const [full] = buf.push(seq(0, 11));
    const tail = buf.flush()!;
    expect(full.buffer.byteLength).toBe(8);
    expect(tail.buffer.byteLength).toBe(3);
    expect(full.buffer).not.toBe(tail.buffer);
  });

  it('does not alias the caller’s data', () => {
    const buf = new ChunkBuffer(4);
    const data = seq(0, 4);
    const [chunk] = buf.push(data);
    data[0] = 99;
    expect(chunk[0]).toBe(0);
  });

  it('rejects a non-positive chunk size', () => {
    expect(() => new ChunkBuffer(0)).toThrow(RangeError);
    expect(() => new ChunkBuffer(2.5)).toThrow(RangeError);
  });
});
