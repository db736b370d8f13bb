/**
 * Noise schedules and sampler steps, as diffusers defines them, in float64.
 * Pure (Node-tested against tables computed from the formulas below).
 *
 * Shared: `beta_schedule = "scaled_linear"`, β_i = (√0.00085 + i·(√0.012 − √0.00085)/999)²
 * for i = 0..999 (`torch.linspace(β_start**0.5, β_end**0.5, 1000)**2`), ᾱ_t = Π_{i≤t}(1 − β_i).
 *
 * - **Euler** (`EulerDiscreteScheduler`, SD-Turbo's, `timestep_spacing = "trailing"`):
 *   σ_t = √((1 − ᾱ_t)/ᾱ_t); timesteps `round(arange(1000, 0, −1000/n)) − 1`
 *   (n = 1 → [999], n = 4 → [999, 749, 499, 249]); σ at each timestep by linear
 *   interpolation, then a final σ = 0; `init_noise_sigma = max σ` for "trailing";
 *   model input x/√(σ² + 1); step x' = x + ε·(σ_next − σ) (ε-prediction, s_churn = 0).
 * - **DDIM** (`DDIMScheduler`, SD-1.5's config: `steps_offset = 1`, `set_alpha_to_one = false`,
 *   `timestep_spacing = "leading"`, η = 0): ratio r = 1000 // n; timesteps
 *   `arange(n)·r` reversed + 1 (n = 20 → [951, 901, …, 1]); x̂₀ = (x − √(1−ᾱ_t)·ε)/√ᾱ_t;
 *   x' = √ᾱ_prev·x̂₀ + √(1−ᾱ_prev)·ε with prev = t − r, ᾱ_prev = ᾱ_0 when prev < 0.
 *
 * img2img strength (diffusers `get_timesteps`): keep the last `min(floor(n·strength), n)`
 * timesteps; `add_noise` is x₀ + σ·noise (Euler) or √ᾱ·x₀ + √(1−ᾱ)·noise (DDIM).
 */

const TRAIN_STEPS = 1000;
const BETA_START = 0.00085;
const BETA_END = 0.012;

let alphasCumprodCache: Float64Array | undefined;

/** ᾱ_t for t = 0..999 (scaled_linear betas 0.00085 → 0.012). */
export function alphasCumprod(): Float64Array {
  if (alphasCumprodCache) return alphasCumprodCache;
  const out = new Float64Array(TRAIN_STEPS);
  const a = Math.sqrt(BETA_START);
  const b = Math.sqrt(BETA_END);
  let prod = 1;
  for (let i = 0; i < TRAIN_STEPS; i++) {
    const beta = (a + (i * (b - a)) / (TRAIN_STEPS - 1)) ** 2;
    prod *= 1 - beta;
    out[i] = prod;
  }
  alphasCumprodCache = out;
  return out;
}

/** A sampler over one schedule: the timesteps to run, and how to scale, step and noise. */
export interface Scheduler {
  readonly kind: 'euler' | 'ddim';
  /** Timesteps fed to the UNet, in order (already cut for `strength`). */
  readonly timesteps: readonly number[];
  /** Scale of the starting noise when strength is 1 (pure noise). */
  readonly initNoiseSigma: number;
  /** The UNet's input for step `i`: latents scaled as the model was trained. */
  scaleInput(latents: Float32Array, i: number): Float32Array;
  /** Latents after step `i`, from the model's ε prediction. */
  step(eps: Float32Array, latents: Float32Array, i: number): Float32Array;
  /**
   * `original` noised to the level *before* step `i` (i = timesteps.length: clean).
   * Used to start img2img and to re-noise the known latents when blending.
   */
  addNoise(original: Float32Array, noise: Float32Array, i: number): Float32Array;
  /**
   * The same three maps as coefficients, for the GPU graphs (latent-graphs.ts):
   * every one is linear. `scaleInput` = x·`inputScale(i)`; `step` = a·x + b·ε
   * with [a, b] = `stepCoefficients(i)`; `addNoise` = a·x₀ + b·noise with
   * [a, b] = `noiseCoefficients(i)`.
   */
  inputScale(i: number): number;
  stepCoefficients(i: number): [number, number];
  noiseCoefficients(i: number): [number, number];
}

/** Timesteps kept for img2img `strength` (diffusers `get_timesteps`): the last ⌊n·strength⌋ of n. */
export function strengthSlice<T>(all: readonly T[], strength: number): T[] {
  const n = all.length;
  const keep = Math.min(Math.floor(n * strength), n);
  return all.slice(n - keep);
}

/**
 * Euler discrete with "trailing" spacing (SD-Turbo).
 *
 * @example
 * eulerTrailing(1).timesteps; // [999]
 * eulerTrailing(4).sigmas;    // [14.6146…, 4.0817…, 1.6129…, 0.6932…, 0]
 */
export function eulerTrailing(steps: number, strength = 1): Scheduler & { sigmas: readonly number[] } {
  const ac = alphasCumprod();
  const trainSigma = (t: number) => Math.sqrt((1 - ac[t]) / ac[t]);
  const all: number[] = [];
  for (let k = 0; k < steps; k++) all.push(Math.round(TRAIN_STEPS - (k * TRAIN_STEPS) / steps) - 1);
  const sigmaAt = (t: number) => {
    const lo = Math.floor(t);
    const hi = Math.min(lo + 1, TRAIN_STEPS - 1);
    return trainSigma(lo) + (t - lo) * (trainSigma(hi) - trainSigma(lo));
  };
  const allSigmas = [...all.map(sigmaAt), 0];
  const timesteps = strengthSlice(all, strength);
  const sigmas = allSigmas.slice(all.length - timesteps.length);
  return {
    kind: 'euler',
    timesteps,
    sigmas,
    initNoiseSigma: Math.max(...allSigmas),
    scaleInput(latents, i) {
      const s = 1 / Math.sqrt(sigmas[i] ** 2 + 1);
      return latents.map((v) => v * s);
    },
    step(eps, latents, i) {
      const dt = sigmas[i + 1] - sigmas[i];
      return latents.map((v, j) => v + eps[j] * dt);
    },
    addNoise(original, noise, i) {
      const s = sigmas[i];
      return original.map((v, j) => v + s * noise[j]);
    },
    inputScale: (i) => 1 / Math.sqrt(sigmas[i] ** 2 + 1),
    stepCoefficients: (i) => [1, sigmas[i + 1] - sigmas[i]],
    noiseCoefficients: (i) => [1, sigmas[i]],
  };
}

/**
 * DDIM, η = 0, "leading" spacing with steps_offset 1 (SD-1.5 inpainting).
 *
 * @example
 * ddimLeading(20).timesteps; // [951, 901, …, 51, 1]
 */
export function ddimLeading(steps: number, strength = 1): Scheduler {
  const ac = alphasCumprod();
  const ratio = Math.floor(TRAIN_STEPS / steps);
  const all = Array.from({ length: steps }, (_, k) => (steps - 1 - k) * ratio + 1);
  const timesteps = strengthSlice(all, strength);
  const alphaPrev = (t: number) => (t - ratio >= 0 ? ac[t - ratio] : ac[0]);
  return {
    kind: 'ddim',
    timesteps,
    initNoiseSigma: 1,
    scaleInput: (latents) => latents,
    step(eps, latents, i) {
      const t = timesteps[i];
      const at = ac[t];
      const ap = alphaPrev(t);
      const sa = Math.sqrt(at);
      const sb = Math.sqrt(1 - at);
      const pa = Math.sqrt(ap);
      const pb = Math.sqrt(1 - ap);
      return latents.map((x, j) => pa * ((x - sb * eps[j]) / sa) + pb * eps[j]);
    },
    addNoise(original, noise, i) {
      if (i >= timesteps.length) return original.slice();
      const a = ac[timesteps[i]];
      const sa = Math.sqrt(a);
      const sb = Math.sqrt(1 - a);
      return original.map((v, j) => sa * v + sb * noise[j]);
    },
    inputScale: () => 1,
    stepCoefficients(i) {
      // pa·(x − sb·ε)/sa + pb·ε = (pa/sa)·x + (pb − pa·sb/sa)·ε
      const at = ac[timesteps[i]];
      const ap = alphaPrev(timesteps[i]);
      const [sa, sb, pa, pb] = [Math.sqrt(at), Math.sqrt(1 - at), Math.sqrt(ap), Math.sqrt(1 - ap)];
      return [pa / sa, pb - (pa * sb) / sa];
    },
    noiseCoefficients(i) {
      if (i >= timesteps.length) return [1, 0];
      const a = ac[timesteps[i]];
      return [Math.sqrt(a), Math.sqrt(1 - a)];
    },
  };
}
