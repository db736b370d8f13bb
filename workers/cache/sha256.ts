/**
 * SHA-256 two ways. WebCrypto's `digest` is one-shot (no incremental API:
 * https://github.com/w3c/webcrypto/issues/73), so bytes arriving over the
 * network are hashed as they come with @noble/hashes (audited, no
 * dependencies); a buffer that is already whole is hashed natively, which is
 * several times faster, with noble as the fallback where `crypto.subtle` is
 * missing (insecure contexts).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** An incremental hash (SHA-256 here, the git blob SHA-1 in git-blob.ts). */
export interface StreamingHash {
  update(data: Uint8Array): void;
  /** Lower-case hex; the hasher cannot be used afterwards. */
  hex(): string;
}

/** An incremental SHA-256. */
export type StreamingSha256 = StreamingHash;

/** Starts an incremental SHA-256 (noble). */
export function createSha256(): StreamingSha256 {
  const hash = sha256.create();
  return {
    update(data) {
      hash.update(data);
    },
    hex() {
      return bytesToHex(hash.digest());
    },
  };
}

/** SHA-256 of a whole buffer as lower-case hex; WebCrypto where available. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    // digest() takes ArrayBuffer-backed views only (not SharedArrayBuffer).
    const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
    return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', view)));
  }
  return bytesToHex(sha256(bytes));
}

/** True for a 64-digit lower-case hex string. */
export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
