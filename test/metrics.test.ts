import { describe, expect, it } from 'vitest';
import { hsr, psnr, ssim, type Planes } from '../bench/metrics';

// Reference values computed with skimage 0.19.3 / scipy 1.10 (Debian bookworm)
// on the same deterministic arrays; see bench/metrics.ts for the definitions.
const H = 16;
const W = 14;
function make(channels: number, f: (x: number, y: number, c: number) => number): Planes {
  const data = new Uint8Array(W * H * channels);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < channels; c++) data[(y * W + x) * channels + c] = f(x, y, c);
  return { width: W, height: H, channels, data };
}
const base = (x: number, y: number, c: number) => (x * 37 + y * 91 + c * 53) % 256;
const noisy = (x: number, y: number, c: number) => Math.min(255, Math.max(0, base(x, y, c) + ((x * 7 + y * 13 + c * 5) % 61) - 30));
const hole = new Uint8Array(W * H);
for (let y = 4; y < 11; y++) for (let x = 3; x < 9; x++) hole[y * W + x] = 1;

describe('quality metrics match skimage/scipy', () => {
  const a = make(3, base);
  const b = make(3, noisy);
  it('PSNR over the hole and the whole image', () => {
    expect(psnr(a, b, hole)).toBeCloseTo(23.6330819691, 8);
    expect(psnr(a, b)).toBeCloseTo(23.6079865688, 8);
    expect(psnr(a, a)).toBe(Infinity);
  });
  it('SSIM map mean over the hole, and skimage cropped mean', () => {
    expect(ssim(a, b, hole)).toBeCloseTo(0.9741800309, 8);
    expect(ssim(a, b)).toBeCloseTo(0.9736686591, 8);
    expect(ssim(a, a, hole)).toBeCloseTo(1, 12);
  });
  it('SSIM on one grey channel', () => {
    expect(ssim(make(1, base), make(1, noisy), hole)).toBeCloseTo(0.9736951726, 8);
  });
  it('HSR: Sobel detail ratio in the hole', () => {
    expect(hsr(b, a, hole)).toBeCloseTo(1.0275521493, 8);
    expect(hsr(a, a, hole)).toBe(1);
  });
});
