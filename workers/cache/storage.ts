/** Storage Manager calls: persistence (best effort) and the pre-download quota check. */
import { InpaintError } from '../../src/shared/errors';
import { formatBytes, quotaShortfall } from './quota';
import type { StorageEstimateLike } from './types';

let persistAsked = false;

/** `persist()` is declared on Window's StorageManager only; in a worker it is absent (and feature-detected below). */
type MaybePersistent = StorageManager & { persist?(): Promise<boolean> };

/**
 * Asks once per realm for persistent storage, so the browser does not evict
 * 200 MB of weights under storage pressure. Best effort: `persist()` exists
 * only on Window (not in workers) and may be refused; nothing waits for it.
 * The client may call `navigator.storage.persist()` from the page as well.
 */
export function requestPersistenceOnce(): void {
  if (persistAsked) return;
  persistAsked = true;
  const storage = globalThis.navigator?.storage as MaybePersistent | undefined;
  const persist = storage?.persist;
  if (!storage || typeof persist !== 'function') return;
  storage
    .persisted()
    .then((already) => (already ? true : persist.call(storage)))
    .catch(() => false);
}

/** `navigator.storage.estimate()` when the platform has it. */
export function defaultEstimate(): (() => Promise<StorageEstimateLike>) | undefined {
  const storage = globalThis.navigator?.storage as StorageManager | undefined;
  return typeof storage?.estimate === 'function' ? () => storage.estimate() : undefined;
}

/**
 * Throws `cache_quota` when storing `stillNeeded` more bytes of `url` would not
 * fit, before any byte is requested. No estimate (or one that throws) does not block.
 */
export async function assertQuota(
  estimate: (() => Promise<StorageEstimateLike>) | undefined,
  stillNeeded: number,
  url: string,
): Promise<void> {
  if (!estimate || stillNeeded <= 0) return;
  let numbers: StorageEstimateLike;
  try {
    numbers = await estimate();
  } catch {
    return;
  }
  const short = quotaShortfall(numbers, stillNeeded);
  if (short) {
    throw new InpaintError(
      'cache_quota',
      `Not enough storage to cache ${url}: it needs ${formatBytes(short.needed)} (${formatBytes(stillNeeded)} plus margin) ` +
        `but only ${formatBytes(short.free)} is free. Evict cached models or free disk space.`,
      { details: { url, needed: short.needed, free: short.free, quota: numbers.quota, usage: numbers.usage } },
    );
  }
}

/** Maps IndexedDB's QuotaExceededError (the disk filled up mid-download) to `cache_quota`. */
export function isQuotaExceeded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'QuotaExceededError';
}
