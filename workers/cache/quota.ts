import type { StorageEstimateLike } from './types';

/** Head-room kept beyond the file itself: IndexedDB's own overhead and other writers on the origin. */
export const QUOTA_MARGIN_MIN_BYTES = 8 * 1024 * 1024;
export const QUOTA_MARGIN_FRACTION = 0.1;

export interface QuotaShortfall {
  /** Bytes the download still has to store, margin included. */
  needed: number;
  /** `quota - usage`. */
  free: number;
}

/** Bytes to require for storing `bytes` more: the bytes plus 10 % (at least 8 MiB). */
export function requiredWithMargin(bytes: number): number {
  if (bytes <= 0) return 0;
  return bytes + Math.max(QUOTA_MARGIN_MIN_BYTES, Math.ceil(bytes * QUOTA_MARGIN_FRACTION));
}

/**
 * Null when `stillNeeded` bytes fit in the estimate (or when the browser gives
 * no numbers, which must not block a download); otherwise how much is needed and free.
 */
export function quotaShortfall(estimate: StorageEstimateLike, stillNeeded: number): QuotaShortfall | null {
  const { quota, usage } = estimate;
  if (typeof quota !== 'number' || typeof usage !== 'number' || !Number.isFinite(quota)) return null;
  const free = Math.max(0, quota - usage);
  const needed = requiredWithMargin(stillNeeded);
  return needed > free ? { needed, free } : null;
}

/** `12.3 MB` style, for error messages. Decimal megabytes, as disk sizes are shown to users. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}
