import { describe, expect, it } from 'vitest';
import { InpaintError } from '../../src/shared/errors';
import { QUOTA_MARGIN_MIN_BYTES, formatBytes, quotaShortfall, requiredWithMargin } from './quota';
import { assertQuota } from './storage';

const MB = 1_000_000;

describe('quota arithmetic', () => {
  it('adds 10 % head-room, at least 8 MiB', () => {
    expect(requiredWithMargin(0)).toBe(0);
    expect(requiredWithMargin(1000)).toBe(1000 + QUOTA_MARGIN_MIN_BYTES);
    expect(requiredWithMargin(208_044_816)).toBe(208_044_816 + 20_804_482);
  });

  it('reports needed and free when the rest of the file does not fit', () => {
    expect(quotaShortfall({ quota: 100 * MB, usage: 90 * MB }, 28 * MB)).toEqual({ needed: 28 * MB + QUOTA_MARGIN_MIN_BYTES, free: 10 * MB });
    expect(quotaShortfall({ quota: 100 * MB, usage: 110 * MB }, 1)).toEqual({ needed: 1 + QUOTA_MARGIN_MIN_BYTES, free: 0 });
  });

  it('passes when it fits, or when the browser gives no numbers', () => {
    expect(quotaShortfall({ quota: 1000 * MB, usage: 10 * MB }, 208 * MB)).toBeNull();
    expect(quotaShortfall({}, 208 * MB)).toBeNull();
    expect(quotaShortfall({ quota: 10 * MB }, 208 * MB)).toBeNull();
  });

  it('only counts the bytes still needed by a resume', () => {
    // 30 MB free: the whole 28 MB file plus margin would not fit, the last 8 MB would.
    const estimate = { quota: 100 * MB, usage: 70 * MB };
    expect(quotaShortfall(estimate, 28 * MB)).not.toBeNull();
    expect(quotaShortfall(estimate, 8 * MB)).toBeNull();
  });

  it('formats sizes for messages', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(28_079_181)).toBe('28.1 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.50 GB');
  });
});

describe('assertQuota', () => {
  it('throws cache_quota naming what is needed and free', async () => {
    const error = await assertQuota(async () => ({ quota: 50 * MB, usage: 45 * MB }), 28 * MB, 'https://x/m.onnx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InpaintError);
    expect((error as InpaintError).code).toBe('cache_quota');
    expect((error as InpaintError).message).toContain('https://x/m.onnx');
    expect((error as InpaintError).message).toContain('5.0 MB is free');
    expect((error as InpaintError).details).toMatchObject({ free: 5 * MB, needed: 28 * MB + QUOTA_MARGIN_MIN_BYTES });
  });

  it('does not block when estimate is missing or fails', async () => {
    await expect(assertQuota(undefined, 28 * MB, 'u')).resolves.toBeUndefined();
    await expect(assertQuota(() => Promise.reject(new Error('no')), 28 * MB, 'u')).resolves.toBeUndefined();
  });
});
