/**
 * The per-chunk check run on every cache read: xxHash32's four-lane round
 * function over the chunk's 32-bit little-endian words, keeping all four lanes
 * (128 bits) instead of folding them into 32, seeded with the chunk's index
 * and length. It is not a cryptographic hash and does not need to be: the
 * values are stored beside the chunks, so anyone able to edit a chunk can edit
 * its checksum too (see README.md, "Threat model"); what it must catch is a
 * flipped bit, a zeroed or stale sector, a chunk written at the wrong index or
 * cut short, and it does that at memory speed (a few times faster than
 * WebCrypto's SHA-256 on 4 MiB pieces, on this machine).
 */
const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

/** xxHash32's final avalanche of one lane. */
function avalanche(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex8 = (x: number) => (x >>> 0).toString(16).padStart(8, '0');

/**
 * 32 hex digits: the checksum of `bytes` as chunk number `index`.
 * @example
 * chunkChecksum(new Uint8Array(4), 0); // '…' (32 lower-case hex digits)
 */
export function chunkChecksum(bytes: Uint8Array, index: number): string {
  const length = bytes.length;
  const words = length >>> 2;
  // Word access needs 4-byte alignment; chunks own their buffers, so this copy is the exception.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const w = new Uint32Array(aligned.buffer, aligned.byteOffset, words);
  const seed = (index ^ Math.imul(length, P5)) | 0;
  let v1 = (seed + P1 + P2) | 0;
  let v2 = (seed + P2) | 0;
  let v3 = seed;
  let v4 = (seed - P1) | 0;
  let i = 0;
  for (; i + 4 <= words; i += 4) {
    v1 = Math.imul(rotl((v1 + Math.imul(w[i], P2)) | 0, 13), P1);
    v2 = Math.imul(rotl((v2 + Math.imul(w[i + 1], P2)) | 0, 13), P1);
    v3 = Math.imul(rotl((v3 + Math.imul(w[i + 2], P2)) | 0, 13), P1);
    v4 = Math.imul(rotl((v4 + Math.imul(w[i + 3], P2)) | 0, 13), P1);
  }
  // The last < 16 bytes, one at a time, into lane 1 (xxHash32's tail step).
  for (let b = i * 4; b < length; b++) v1 = Math.imul(rotl((v1 + Math.imul(aligned[b], P5)) | 0, 11), P1);
  // Cross-mix so that every lane depends on every other before the avalanche.
  const all = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  return hex8(avalanche(v1 ^ all)) + hex8(avalanche(v2 + all)) + hex8(avalanche(v3 ^ Math.imul(all, P4))) + hex8(avalanche(v4 + Math.imul(all, P3)));
}
