/**
 * Conversion between interleaved RGBA bytes (HWC, what canvases give) and planar
 * float tensors (CHW, what ONNX image models take), with padding to the sizes
 * models require. Re-exported from `pixels.ts`.
 */

/** A tensor plane size (width × height). */
export interface Size {
  width: number;
  height: number;
}

/** Options of {@link rgbaToPlanarFloat} and {@link planarFloatToRgba}. */
export interface PlanarOptions {
  /** Pad the planes (bottom and right) to this size by replicating the edge pixels. */
  padTo?: Size;
  /** Multiplier from a byte to a tensor value (default 1/255, giving 0..1). */
  scale?: number;
  /** Added after scaling (default 0); e.g. scale 2/255 with offset −1 gives −1..1. */
  offset?: number;
}

/**
 * Converts RGBA bytes to a planar float tensor `[3, H, W]` (R plane, G plane, B
 * plane; alpha dropped), value = byte · scale + offset. With `padTo`, the planes
 * are padded on the bottom and right by replicating the last column and row:
 * replication rather than zeros keeps a hard black edge out of the model's view.
 *
 * @example
 * const t = rgbaToPlanarFloat(crop, w, h, { padTo: { width: padSize(w, 8), height: padSize(h, 8) } });
 * new ort.Tensor('float32', t, [1, 3, padH, padW]);
 */
export function rgbaToPlanarFloat(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  opts: PlanarOptions = {},
): Float32Array {
  if (rgba.length !== width * height * 4) throw new RangeError(`rgba: expected ${width * height * 4} bytes, got ${rgba.length}`);
  const { width: pw, height: ph } = checkedPad(width, height, opts.padTo);
  if (width === 0 || height === 0) {
    if (pw * ph > 0) throw new RangeError('cannot pad an empty image');
    return new Float32Array(0);
  }
  const scale = opts.scale ?? 1 / 255;
  const offset = opts.offset ?? 0;
  // A 256-entry table makes every byte map to exactly the same float everywhere.
  const lut = new Float32Array(256);
  for (let b = 0; b < 256; b++) lut[b] = b * scale + offset;
  const plane = pw * ph;
  const out = new Float32Array(3 * plane);
  for (let y = 0; y < ph; y++) {
    const sy = y < height ? y : height - 1;
    for (let x = 0; x < pw; x++) {
      const sx = x < width ? x : width - 1;
      const p = (sy * width + sx) * 4;
      const o = y * pw + x;
      out[o] = lut[rgba[p]];
      out[plane + o] = lut[rgba[p + 1]];
      out[2 * plane + o] = lut[rgba[p + 2]];
    }
  }
  return out;
}

/**
 * Converts a hole map to a planar float tensor `[1, H, W]`: 1.0 for hole, 0.0 for
 * keep. Padding (bottom and right) replicates the last column and row, as
 * {@link rgbaToPlanarFloat} does for the pixels: a padded pixel is hole exactly
 * when the pixel it copies is, so padding beside a hole is never presented to a
 * model as known data.
 *
 * @example
 * const m = holeToPlanarFloat(holeCrop, w, h, { width: padW, height: padH });
 */
export function holeToPlanarFloat(hole: Uint8Array, width: number, height: number, padTo?: Size): Float32Array {
  if (hole.length !== width * height) throw new RangeError(`hole: expected ${width * height} bytes, got ${hole.length}`);
  const { width: pw, height: ph } = checkedPad(width, height, padTo);
  const out = new Float32Array(pw * ph);
  if (width === 0 || height === 0) return out;
  for (let y = 0; y < ph; y++) {
    const sy = y < height ? y : height - 1;
    for (let x = 0; x < pw; x++) out[y * pw + x] = hole[sy * width + (x < width ? x : width - 1)] ? 1 : 0;
  }
  return out;
}

/** Options of {@link planarFloatToRgba}. */
export interface PlanarToRgbaOptions {
  /** Read only the top-left `crop` of the planes (undo `padTo`). Default: whole plane. */
  crop?: Size;
  /** The `scale` the tensor was made with (default 1/255). */
  scale?: number;
  /** The `offset` the tensor was made with (default 0). */
  offset?: number;
}

/**
 * Inverse of {@link rgbaToPlanarFloat}: planar `[3, H, W]` floats back to RGBA
 * bytes with alpha 255. Values are rounded to the nearest byte (half to even,
 * as Uint8ClampedArray does) and clamped to 0..255; NaN becomes 0.
 *
 * @param planeWidth width of each plane in the tensor (the padded width)
 * @param planeHeight height of each plane in the tensor (the padded height)
 * @example
 * const rgba = planarFloatToRgba(output.data as Float32Array, padW, padH, { crop: { width: w, height: h } });
 */
export function planarFloatToRgba(
  planar: Float32Array,
  planeWidth: number,
  planeHeight: number,
  opts: PlanarToRgbaOptions = {},
): Uint8ClampedArray {
  const plane = planeWidth * planeHeight;
  if (planar.length !== 3 * plane) throw new RangeError(`planar: expected ${3 * plane} floats, got ${planar.length}`);
  const w = opts.crop?.width ?? planeWidth;
  const h = opts.crop?.height ?? planeHeight;
  if (w > planeWidth || h > planeHeight) throw new RangeError(`crop ${w}x${h} exceeds planes ${planeWidth}x${planeHeight}`);
  const scale = opts.scale ?? 1 / 255;
  const offset = opts.offset ?? 0;
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * planeWidth + x;
      const p = (y * w + x) * 4;
      // Uint8ClampedArray's store does the rounding and clamping (ToUint8Clamp).
      out[p] = (planar[i] - offset) / scale;
      out[p + 1] = (planar[plane + i] - offset) / scale;
      out[p + 2] = (planar[2 * plane + i] - offset) / scale;
      out[p + 3] = 255;
    }
  }
  return out;
}

function checkedPad(width: number, height: number, padTo: Size | undefined): Size {
  if (!padTo) return { width, height };
  if (padTo.width < width || padTo.height < height) {
    throw new RangeError(`padTo ${padTo.width}x${padTo.height} is smaller than the image ${width}x${height}`);
  }
  return padTo;
}
