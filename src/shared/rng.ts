/**
 * Seeded randomness that gives the same bytes on every JS engine, so a request
 * with the same `seed` reproduces its output exactly.
 *
 * Generator: mulberry32 by Tommy Ettinger (public domain), as published in
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c and
 * bryc's https://github.com/bryc/code/blob/master/jshash/PRNGs.md. It uses only
 * `Math.imul`, xor, shifts and integer addition, which ECMAScript specifies
 * exactly. Its period is 2^32, ample for grain over a 64-megapixel image
 * (3 draws per sample).
 *
 * Gaussian noise avoids `Math.log`, `Math.cos` and `Math.sqrt`, whose results
 * ECMAScript leaves "implementation-approximated" (they differ between V8,
 * SpiderMonkey and JavaScriptCore in the last bit), so Box–Muller is out. It
 * uses the Irwin–Hall sum of 12 uniforms instead: 12 bytes (3 draws), each
 * byte b a uniform (b + 0.5)/256 with mean 1/2 and variance (1 − 256⁻²)/12. The
 * sum minus 6 has mean 0 and variance 1 − 256⁻², corrected by a constant.
 * Every step is exact integer arithmetic or a single correctly rounded IEEE
 * operation. The tails stop at ±6σ, which grain never needs.
 */

/** Largest valid request seed + 1; derived seeds stay in the contract's range 0..2147483647. */
const SEED_MODULUS = 2_147_483_648;

/** sqrt(65536/65535): corrects the variance of 12 byte-uniforms to exactly 1. */
const BYTE_UNIFORM_STD_CORRECTION = 1.0000076294818439;

/**
 * A mulberry32 generator: each call returns the next unsigned 32-bit integer.
 *
 * @example
 * const next = mulberry32(42);
 * const u = next() / 4294967296; // uniform in [0, 1)
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * `n` uniform floats in [0, 1), each an exact multiple of 2⁻³².
 *
 * @example
 * uniformNoise(7, 3); // Float64Array of 3 values, the same on every engine
 */
export function uniformNoise(seed: number, n: number): Float64Array {
  const next = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = next() / 4_294_967_296;
  return out;
}

/**
 * `n` samples of standard normal noise (mean 0, standard deviation 1), from
 * seed alone, bit-identical across JS engines (see the module comment).
 *
 * @example
 * const grain = gaussianNoise(seed, w * h); // then scale by the local noise level
 */
export function gaussianNoise(seed: number, n: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = byteSum(next()) + byteSum(next()) + byteSum(next()); // 0..3060
    // Σ (b + 0.5)/256 − 6 = (s + 6 − 1536)/256 = (s − 1530)/256; exact in binary.
    out[i] = ((s - 1530) / 256) * BYTE_UNIFORM_STD_CORRECTION;
  }
  return out;
}

/**
 * Seed of the `index`-th image of a request with `num_images > 1`; image 0 uses
 * the request seed itself. Wraps so it stays a valid seed (0..2147483647) and
 * can be reported back and replayed as a single-image request.
 *
 * @example
 * deriveSeed(2147483647, 1); // 0
 */
export function deriveSeed(seed: number, index: number): number {
  return (seed + index) % SEED_MODULUS;
}

function byteSum(x: number): number {
  return (x & 255) + ((x >>> 8) & 255) + ((x >>> 16) & 255) + (x >>> 24);
}
