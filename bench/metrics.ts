/**
 * Quality metrics with the corpus README's definitions, so our numbers compare
 * with baseline-opencv-dev.tsv (computed with skimage 0.19 / scipy):
 * - PSNR over the hole (all channels) and over the whole image;
 * - SSIM (Wang et al. 2004): Gaussian window σ = 1.5 truncated at 3.5σ
 *   (11 taps), data_range 255, population covariance, scipy 'reflect' borders;
 *   `ssimFull` is skimage's cropped mean, `ssimHole` the map's mean over the hole;
 * - HSR: mean Sobel magnitude of luminance in the hole, output over original.
 * Pixel arrays are interleaved with `channels` channels (1 for grey, 3 for RGB).
 */
export interface Planes {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array | Uint8ClampedArray;
}

export function psnr(a: Planes, b: Planes, hole?: Uint8Array): number {
  let sum = 0;
  let n = 0;
  const { width, height, channels } = a;
  for (let p = 0; p < width * height; p++) {
    if (hole && !hole[p]) continue;
    for (let c = 0; c < channels; c++) {
      const d = a.data[p * channels + c] - b.data[p * channels + c];
      sum += d * d;
    }
    n += channels;
  }
  const mse = sum / n;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** scipy.ndimage 'reflect' (half-sample symmetric) index. */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  i = ((i % period) + period) % period;
  return i < n ? i : period - 1 - i;
}

function gaussianKernel(sigma = 1.5, truncate = 3.5): Float64Array {
  const r = Math.floor(truncate * sigma + 0.5);
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

function filter2(src: Float64Array, w: number, h: number, k: Float64Array): Float64Array {
  const r = (k.length - 1) / 2;
  const tmp = new Float64Array(w * h);
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += k[i + r] * src[y * w + reflect(x + i, w)];
      tmp[y * w + x] = s;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) s += k[i + r] * tmp[reflect(y + i, h) * w + x];
      out[y * w + x] = s;
    }
  return out;
}

/** The SSIM map averaged over channels. */
export function ssimMap(a: Planes, b: Planes): Float64Array {
  const { width: w, height: h, channels } = a;
  const k = gaussianKernel();
  const C1 = (0.01 * 255) ** 2;
  const C2 = (0.03 * 255) ** 2;
  const map = new Float64Array(w * h);
  for (let c = 0; c < channels; c++) {
    const x = new Float64Array(w * h);
    const y = new Float64Array(w * h);
    for (let p = 0; p < w * h; p++) {
      x[p] = a.data[p * channels + c];
      y[p] = b.data[p * channels + c];
    }
    const xx = x.map((v) => v * v);
    const yy = y.map((v) => v * v);
    const xy = x.map((v, i) => v * y[i]);
    const [ux, uy, uxx, uyy, uxy] = [x, y, xx, yy, xy].map((m) => filter2(m, w, h, k));
    for (let p = 0; p < w * h; p++) {
      const vx = uxx[p] - ux[p] * ux[p];
      const vy = uyy[p] - uy[p] * uy[p];
      const vxy = uxy[p] - ux[p] * uy[p];
      const s = ((2 * ux[p] * uy[p] + C1) * (2 * vxy + C2)) / ((ux[p] ** 2 + uy[p] ** 2 + C1) * (vx + vy + C2));
      map[p] += s / channels;
    }
  }
  return map;
}

export function ssim(a: Planes, b: Planes, hole?: Uint8Array): number {
  const map = ssimMap(a, b);
  const { width: w, height: h } = a;
  let s = 0;
  let n = 0;
  if (hole) {
    for (let p = 0; p < w * h; p++) if (hole[p]) (s += map[p]), n++;
  } else {
    const pad = 5; // skimage crops (win_size - 1) / 2 from each side for the mean
    for (let y = pad; y < h - pad; y++) for (let x = pad; x < w - pad; x++) (s += map[y * w + x]), n++;
  }
  return s / n;
}

function sobelMagnitude(p: Planes): Float64Array {
  const { width: w, height: h, channels } = p;
  const lum = new Float64Array(w * h);
  for (let i = 0; i < w * h; i++) {
    lum[i] =
      channels === 1
        ? p.data[i]
        : 0.299 * p.data[i * channels] + 0.587 * p.data[i * channels + 1] + 0.114 * p.data[i * channels + 2];
  }
  const at = (x: number, y: number) => lum[reflect(y, h) * w + reflect(x, w)];
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const gx =
        at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x - 1, y) - at(x - 1, y + 1);
      const gy =
        at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x, y - 1) - at(x + 1, y - 1);
      out[y * w + x] = Math.hypot(gx, gy);
    }
  return out;
}

/** Hole sharpness ratio: detail in the output's hole relative to the original's. */
export function hsr(output: Planes, original: Planes, hole: Uint8Array): number {
  const go = sobelMagnitude(output);
  const gr = sobelMagnitude(original);
  let so = 0;
  let sr = 0;
  for (let p = 0; p < hole.length; p++) if (hole[p]) (so += go[p]), (sr += gr[p]);
  return so / sr;
}

/** RGBA (ImageData layout) to `channels` interleaved planes; grey keeps channel 0. */
export function fromRgba(rgba: Uint8ClampedArray, width: number, height: number, channels: 1 | 3): Planes {
  const data = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) for (let c = 0; c < channels; c++) data[p * channels + c] = rgba[p * 4 + c];
  return { width, height, channels, data };
}
