import { describe, expect, it } from 'vitest';
import { parseContentRange, planResponse, rangeHeader } from './range';

const facts = (status: number, more: Partial<{ contentRange: string; contentLength: string; contentEncoding: string }> = {}) => ({
  status,
  contentRange: more.contentRange ?? null,
  contentLength: more.contentLength ?? null,
  contentEncoding: more.contentEncoding ?? null,
});

describe('rangeHeader', () => {
  it('asks for the rest of the file from the stored byte count', () => {
    expect(rangeHeader(0)).toBeUndefined();
    expect(rangeHeader(3_000_000)).toBe('bytes=3000000-');
  });
  it('rejects negative or fractional starts', () => {
    expect(() => rangeHeader(-1)).toThrow(RangeError);
    expect(() => rangeHeader(1.5)).toThrow(RangeError);
  });
});

describe('parseContentRange', () => {
  it('reads start, inclusive end and total', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('Bytes 0-0/1')).toEqual({ start: 0, end: 0, total: 1 });
    expect(parseContentRange('bytes 5-9/*')).toEqual({ start: 5, end: 9, total: undefined });
  });
  it('returns null for absent, unsatisfied or inconsistent ranges', () => {
    expect(parseContentRange(null)).toBeNull();
    expect(parseContentRange('')).toBeNull();
    expect(parseContentRange('bytes */1000')).toBeNull();
    expect(parseContentRange('bytes 10-5/1000')).toBeNull();
    expect(parseContentRange('bytes 0-1000/1000')).toBeNull();
    expect(parseContentRange('items 0-1/2')).toBeNull();
  });
});

describe('planResponse', () => {
  it('appends a 206 that starts where the resume asked', () => {
    expect(planResponse(facts(206, { contentRange: 'bytes 300-999/1000' }), 300, 1000)).toEqual({ kind: 'read', offset: 300 });
  });
  it('trusts a 206 whose Content-Range is not exposed', () => {
    expect(planResponse(facts(206), 300, 1000)).toEqual({ kind: 'read', offset: 300 });
  });
  it('refetches when a 206 covers another range', () => {
    expect(planResponse(facts(206, { contentRange: 'bytes 0-999/1000' }), 300, 1000).kind).toBe('refetch');
  });
  it('starts over at 0 when a server ignores Range and answers 200', () => {
    expect(planResponse(facts(200, { contentLength: '1000' }), 300, 1000)).toEqual({ kind: 'read', offset: 0 });
  });
  it('reports a size that contradicts the manifest before reading the body', () => {
    expect(planResponse(facts(200, { contentLength: '999' }), 0, 1000)).toEqual({ kind: 'size_mismatch', serverBytes: 999 });
    expect(planResponse(facts(206, { contentRange: 'bytes 300-998/999' }), 300, 1000)).toEqual({
      kind: 'size_mismatch',
      serverBytes: 999,
    });
  });
  it('ignores Content-Length of a compressed body', () => {
    expect(planResponse(facts(200, { contentLength: '10', contentEncoding: 'gzip' }), 0, 1000)).toEqual({ kind: 'read', offset: 0 });
  });
  it('turns other statuses into http errors', () => {
    expect(planResponse(facts(404), 0, 1000)).toEqual({ kind: 'http_error', status: 404 });
    expect(planResponse(facts(416), 300, 1000)).toEqual({ kind: 'http_error', status: 416 });
  });
});
