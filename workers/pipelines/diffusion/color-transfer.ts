/**
 * Colour and tone statistics (pure, Node-tested): what `style_reference_images`
 * transfer to the generated region, and the scene context the prompt enhancer
 * reads.
 *
 * Transfer (Reinhard et al. 2001, "Color Transfer between Images", per channel
 * in RGB for simplicity): each generated pixel becomes
 * `p' = μ_ref + (p − μ_gen)·σ_ref/σ_gen`, then `out = p + STYLE_TRANSFER_STRENGTH·(p' − p)`.
 * Several references are pooled (their pixels' statistics together).
 */

/** Per-channel mean and standard deviation of RGB, 0..255. */
export interface ColourStats {
  mean: [number, number, number];
  std: [number, number, number];
  count: number;
}

/** How much of the reference's statistics the generated region takes. */
export const STYLE_TRANSFER_STRENGTH = 0.6;

/**
 * Statistics of the pixels where `mask` is set (all pixels without a mask).
 *
 * @example
 * colourStats(reference.data); // { mean: [r, g, b], std: [r, g, b], count }
 */
export function colourStats(rgba: Uint8ClampedArray, mask?: Uint8Array): ColourStats {
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  let count = 0;
  const n = rgba.length / 4;
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    count++;
    for (let c = 0; c < 3; c++) {
      const v = rgba[i * 4 + c];
      sum[c] += v;
      sq[c] += v * v;
    }
  }
  const mean = sum.map((s) => (count ? s / count : 0)) as [number, number, number];
  const std = sq.map((s, c) => (count ? Math.sqrt(Math.max(0, s / count - mean[c] ** 2)) : 0)) as [number, number, number];
  return { mean, std, count };
}

/** Pools several statistics as if their pixels were one image. */
export function poolStats(all: readonly ColourStats[]): ColourStats | undefined {
  const count = all.reduce((n, s) => n + s.count, 0);
  if (count === 0) return undefined;
  const mean = [0, 1, 2].map((c) => all.reduce((a, s) => a + s.mean[c] * s.count, 0) / count) as [number, number, number];
  const std = [0, 1, 2].map((c) => {
    const ex2 = all.reduce((a, s) => a + (s.std[c] ** 2 + s.mean[c] ** 2) * s.count, 0) / count;
    return Math.sqrt(Math.max(0, ex2 - mean[c] ** 2));
  }) as [number, number, number];
  return { mean, std, count };
}

/**
 * Moves the masked pixels' colour statistics toward `target`, in place.
 *
 * @example
 * transferStats(fill, hole, poolStats(references.map((r) => colourStats(r.data))));
 */
export function transferStats(rgba: Uint8ClampedArray, mask: Uint8Array, target: ColourStats | undefined, strength = STYLE_TRANSFER_STRENGTH): void {
  if (!target) return;
  const own = colourStats(rgba, mask);
  if (own.count === 0) return;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    for (let c = 0; c < 3; c++) {
      const p = rgba[i * 4 + c];
      // A flat region (σ 0) only shifts its mean: no division by zero, no invented texture.
      const gain = own.std[c] > 1e-6 ? target.std[c] / own.std[c] : 1;
      const moved = target.mean[c] + (p - own.mean[c]) * gain;
      rgba[i * 4 + c] = Math.round(p + strength * (moved - p));
    }
  }
}
