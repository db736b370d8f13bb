/**
 * Planar byte tensors for models that take and return uint8 (MI-GAN's
 * pipeline export): RGBA ↔ [3, H, W] bytes, and a hole map → [1, H, W] mask
 * with 255 = known, 0 = hole. Re-exported from `pixels.ts`.
 */

/**
 * RGBA bytes → planar RGB bytes `[3, H, W]` (alpha dropped).
 *
 * @example
 * new ort.Tensor('uint8', rgbaToPlanarBytes(crop, w, h), [1, 3, h, w]);
 */
export function rgbaToPlanarBytes(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Uint8Array {
  const plane = width * height;
  if (rgba.length !== plane * 4) throw new RangeError(`rgba: expected ${plane * 4} bytes, got ${rgba.length}`);
  const out = new Uint8Array(3 * plane);
  for (let i = 0, p = 0; i < plane; i++, p += 4) {
    out[i] = rgba[p];
    out[plane + i] = rgba[p + 1];
    out[2 * plane + i] = rgba[p + 2];
  }
  return out;
}

/**
 * Planar RGB bytes `[3, H, W]` → RGBA with alpha 255.
 *
 * @example
 * const rgba = planarBytesToRgba(result.data as Uint8Array, w, h);
 */
export function planarBytesToRgba(planar: Uint8Array, width: number, height: number): Uint8ClampedArray {
  const plane = width * height;
  if (planar.length !== plane * 3) throw new RangeError(`planar: expected ${plane * 3} bytes, got ${planar.length}`);
  const out = new Uint8ClampedArray(plane * 4);
  for (let i = 0, p = 0; i < plane; i++, p += 4) {
    out[p] = planar[i];
    out[p + 1] = planar[plane + i];
    out[p + 2] = planar[2 * plane + i];
    out[p + 3] = 255;
  }
  return out;
}

/**
 * Hole map (1 = hole) → a byte mask in the "known" polarity: 255 = known, 0 = hole.
 *
 * @example
 * new ort.Tensor('uint8', holeToKnownBytes(holeCrop), [1, 1, h, w]);
 */
export function holeToKnownBytes(hole: Uint8Array): Uint8Array {
  const out = new Uint8Array(hole.length);
  for (let i = 0; i < hole.length; i++) out[i] = hole[i] === 1 ? 0 : 255;
  return out;
}
