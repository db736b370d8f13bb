/**
 * Git's blob id: SHA-1 of `"blob <size>\0"` followed by the content. The
 * Hugging Face Hub reports it as the `oid` of a file stored in plain git (not
 * LFS), such as a tokenizer's vocab.json, and gives no sha256 for those, so the
 * cache checks this id while it downloads (and records the sha256 it computed
 * alongside). SHA-1 is used here only to match what the Hub publishes; the
 * cache verifies every later read with sha256. See
 * https://git-scm.com/book/en/v2/Git-Internals-Git-Objects.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { StreamingHash } from './sha256';

/**
 * The bytes git hashes before a blob's content: `blob <size>\0`.
 *
 * @example
 * new TextDecoder().decode(gitBlobHeader(6)); // 'blob 6\0'
 */
export function gitBlobHeader(size: number): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`a blob size must be a non-negative integer, got ${size}`);
  return new TextEncoder().encode(`blob ${size}\0`);
}

/**
 * Starts an incremental git blob SHA-1 for a file of `size` bytes (the size is
 * part of the header, so it must be known before the first byte).
 *
 * @example
 * const h = createGitBlobSha1(6);
 * h.update(new TextEncoder().encode('hello\n'));
 * h.hex(); // 'ce013625030ba8dba906f756967f9e9ca394464a' (= git hash-object)
 */
export function createGitBlobSha1(size: number): StreamingHash {
  const hash = sha1.create();
  hash.update(gitBlobHeader(size));
  return {
    update(data) {
      hash.update(data);
    },
    hex() {
      return bytesToHex(hash.digest());
    },
  };
}

/**
 * The git blob SHA-1 of a whole buffer, as `git hash-object` prints it.
 *
 * @example
 * gitBlobSha1Hex(new TextEncoder().encode('hello\n')); // 'ce013625030ba8dba906f756967f9e9ca394464a'
 */
export function gitBlobSha1Hex(bytes: Uint8Array): string {
  const h = createGitBlobSha1(bytes.length);
  h.update(bytes);
  return h.hex();
}

/**
 * True for a 40-digit lower-case hex string.
 *
 * @example
 * isSha1Hex('ce013625030ba8dba906f756967f9e9ca394464a'); // true
 */
export function isSha1Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{40}$/.test(value);
}
