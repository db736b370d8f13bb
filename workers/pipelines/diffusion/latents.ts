/**
 * Latent-space arithmetic of the diffusion pipeline: seeded noise, the
 * latent-resolution mask, known-latent blending and classifier-free guidance.
 * Pure and DOM-free (Node-tested).
 */
import { resizeHole } from '../../../src/shared/pixels';
import { gaussianNoise } from '../../../src/shared/rng';

/** SD's VAE downsamples by 8 on each side. */
export const VAE_FACTOR = 8;

/**
 * Standard normal latent noise from the seed alone: bit-identical on every JS
 * engine (Irwin–Hall over mulberry32, src/shared/rng.ts), so a seed gives the
 * same latents and, on one backend, the same bytes.
 *
 * @example
 * latentNoise(42, [1, 4, 64, 64]); // Float32Array(16384), the same on every run
 */
export function latentNoise(seed: number, dims: readonly number[]): Float32Array {
  return gaussianNoise(seed, dims.reduce((a, b) => a * b, 1));
}

/**
 * The hole at latent resolution: a latent cell is 1 (generate) if **any**
 * pixel of its 8×8 block is a hole, so no hole pixel is left to the known
 * latents: `resizeHole` at 1/8, whose footprints are then exactly the 8×8 blocks.
 *
 * @param hole 1 = hole, row-major, `width × height` (multiples of 8)
 * @example
 * latentMask(hole, 64, 64); // Float32Array(64): 8×8 cells of 0/1
 */
export function latentMask(hole: Uint8Array, width: number, height: number): Float32Array {
  return Float32Array.from(resizeHole(hole, width, height, width / VAE_FACTOR, height / VAE_FACTOR));
}

/**
 * diffusers' 4-channel inpainting blend: `(1 − m)·known + m·generated`, the
 * single-channel mask broadcast over the latent channels.
 *
 * @example
 * blendKnown(generated, known, mask); // known latents restored outside the hole
 */
export function blendKnown(generated: Float32Array, known: Float32Array, mask: Float32Array): Float32Array {
  const plane = mask.length;
  return generated.map((g, i) => {
    const m = mask[i % plane];
    return m === 1 ? g : m === 0 ? known[i] : (1 - m) * known[i] + m * g;
  });
}

/**
 * Classifier-free guidance: ε = ε_uncond + s·(ε_text − ε_uncond).
 *
 * @example
 * guide(uncond, text, 7.5);
 */
export function guide(uncond: Float32Array, text: Float32Array, scale: number): Float32Array {
  return uncond.map((u, i) => u + scale * (text[i] - u));
}

/**
 * Concatenates planes along the channel axis (batch 1): the 9-channel
 * inpainting UNet's `[latents(4), mask(1), masked-image latents(4)]`.
 */
export function concatChannels(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Multiplies every value (VAE latent scaling: ×0.18215 after encode, ÷ before decode). */
export function scaled(values: Float32Array, factor: number): Float32Array {
  return values.map((v) => v * factor);
}
