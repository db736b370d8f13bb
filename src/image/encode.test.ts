import { describe, expect, it } from 'vitest';
import { InpaintError } from '../shared/errors';
import { flatten, parseBackground } from './encode';

describe('flatten (JPEG has no alpha)', () => {
  it('composites over the background: c·a + bg·(1 − a), opaque pixels unchanged', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 255, 0, 0, 0, 255, 0, 0, 128, 10, 20, 30, 51]);
    expect(Array.from(flatten(rgba, '#ffffff'))).toEqual([255, 0, 0, 255, 255, 255, 255, 255, 255, 127, 127, 255, 206, 208, 210, 255]);
    expect(Array.from(flatten(rgba, '#00f'))).toEqual([255, 0, 0, 255, 0, 0, 255, 255, 128, 0, 127, 255, 2, 4, 210, 255]);
  });

  it('returns the same array when every pixel is opaque (no copy)', () => {
    const opaque = new Uint8ClampedArray([1, 2, 3, 255]);
    expect(flatten(opaque, '#fff')).toBe(opaque);
  });

  it('parseBackground takes #RGB and #RRGGBB and names background otherwise', () => {
    expect(parseBackground('#0a0')).toEqual([0, 170, 0]);
    expect(parseBackground('#FF8800')).toEqual([255, 136, 0]);
    const err = (() => {
      try {
        parseBackground('white');
      } catch (e) {
        return e;
      }
    })() as InpaintError;
    expect(err.code).toBe('invalid_request');
    expect(err.invalid_params).toEqual([{ name: 'background', reason: expect.stringMatching(/expected a hex colour/) }]);
  });
});
