import { describe, expect, it } from 'vitest';
import { alphasCumprod, ddimLeading, eulerTrailing, strengthSlice } from './schedulers';

/**
 * Reference numbers computed independently in Python (float64) from the
 * diffusers definitions quoted in schedulers.ts:
 *   betas = [(√0.00085 + i(√0.012 − √0.00085)/999)² for i in 0..999]; ᾱ = cumprod(1 − β); σ_t = √((1 − ᾱ_t)/ᾱ_t).
 * σ_999 = 14.6146 is also the constant of Microsoft's SD-Turbo ORT-web sample.
 */
const SIGMA = { 999: 14.614641, 749: 4.081729, 499: 1.612886, 249: 0.693205, 0: 0.029167 };

describe('scaled_linear schedule', () => {
  it('ᾱ_0 = 1 − β_0 = 0.99915, ᾱ_1 = 0.998296…, ᾱ_999 = 0.0046601', () => {
    const ac = alphasCumprod();
    expect(ac).toHaveLength(1000);
    expect(ac[0]).toBeCloseTo(0.99915, 12);
    expect(ac[1]).toBeCloseTo(0.9982960278384514, 12);
    expect(ac[999]).toBeCloseTo(0.004660098513077234, 12);
  });
});

describe('Euler discrete, trailing spacing (SD-Turbo)', () => {
  it('1 step: timestep 999, σ 14.6146 → 0, init noise σ = 14.6146', () => {
    const s = eulerTrailing(1);
    expect(s.timesteps).toEqual([999]);
    expect(s.sigmas[0]).toBeCloseTo(SIGMA[999], 5);
    expect(s.sigmas[1]).toBe(0);
    expect(s.initNoiseSigma).toBeCloseTo(SIGMA[999], 5);
  });

  it('4 steps: timesteps [999, 749, 499, 249] with the reference σ table', () => {
    const s = eulerTrailing(4);
    expect(s.timesteps).toEqual([999, 749, 499, 249]);
    [SIGMA[999], SIGMA[749], SIGMA[499], SIGMA[249], 0].forEach((v, i) => expect(s.sigmas[i]).toBeCloseTo(v, 5));
  });

  it('strength 0.5 keeps the last 2 of 4 timesteps and starts from σ_499', () => {
    const s = eulerTrailing(4, 0.5);
    expect(s.timesteps).toEqual([499, 249]);
    expect(s.sigmas[0]).toBeCloseTo(SIGMA[499], 5);
    expect(strengthSlice([1, 2, 3, 4, 5], 0.3)).toEqual([5]);
    expect(strengthSlice([1, 2, 3], 1)).toEqual([1, 2, 3]);
  });

  it('scales the model input by 1/√(σ²+1) and, given the true noise as ε, lands exactly on x₀', () => {
    const s = eulerTrailing(4);
    const x0 = Float32Array.from([0.5, -1, 2]);
    const noise = Float32Array.from([1, -0.5, 0.25]);
    expect(s.scaleInput(Float32Array.from([1]), 0)[0]).toBeCloseTo(1 / Math.sqrt(SIGMA[999] ** 2 + 1), 6);
    let x = s.addNoise(x0, noise, 0);
    expect(x[0]).toBeCloseTo(0.5 + SIGMA[999], 4);
    for (let i = 0; i < s.timesteps.length; i++) x = s.step(noise, x, i);
    [...x].forEach((v, j) => expect(v).toBeCloseTo(x0[j], 4));
  });
});

describe('DDIM, leading spacing, steps_offset 1, η = 0 (SD-1.5 inpainting)', () => {
  it('20 steps: [951, 901, …, 51, 1]; 25 steps: ratio 40 → [961, …, 1]', () => {
    expect(ddimLeading(20).timesteps).toEqual(Array.from({ length: 20 }, (_, k) => 951 - 50 * k));
    const t25 = ddimLeading(25).timesteps;
    expect([t25[0], t25[1], t25[24]]).toEqual([961, 921, 1]);
    expect(ddimLeading(20).initNoiseSigma).toBe(1);
  });

  it('one step from t = 951 to 901 with the reference ᾱ (0.0081550, 0.0140049)', () => {
    const s = ddimLeading(20);
    const [at, ap] = [0.008155004567430391, 0.01400489789394391];
    const x = 0.3;
    const eps = -0.7;
    const x0 = (x - Math.sqrt(1 - at) * eps) / Math.sqrt(at);
    const expected = Math.sqrt(ap) * x0 + Math.sqrt(1 - ap) * eps;
    expect(s.step(Float32Array.from([eps]), Float32Array.from([x]), 0)[0]).toBeCloseTo(expected, 5);
  });

  it('given the true noise, the last step leaves √ᾱ₀·x₀ + √(1−ᾱ₀)·noise (set_alpha_to_one = false)', () => {
    const s = ddimLeading(10);
    const x0 = Float32Array.from([0.8, -0.2]);
    const noise = Float32Array.from([0.3, 1.1]);
    let x = s.addNoise(x0, noise, 0);
    for (let i = 0; i < s.timesteps.length; i++) x = s.step(noise, x, i);
    const a0 = 0.99915;
    [...x].forEach((v, j) => expect(v).toBeCloseTo(Math.sqrt(a0) * x0[j] + Math.sqrt(1 - a0) * noise[j], 4));
    expect([...s.addNoise(x0, noise, s.timesteps.length)]).toEqual([...x0]);
  });
});

describe('linear coefficients (the GPU graphs use them instead of the maps)', () => {
  const x = Float32Array.from([0.8, -0.2, 1.7, -2.5]);
  const eps = Float32Array.from([0.3, 1.1, -0.9, 0.05]);
  for (const [name, s] of [
    ['Euler trailing, 4 steps', eulerTrailing(4)],
    ['Euler trailing at strength 0.7', eulerTrailing(2, 0.7)],
    ['DDIM, 20 steps', ddimLeading(20)],
    ['DDIM at strength 0.5', ddimLeading(12, 0.5)],
  ] as const) {
    it(`${name}: scaleInput, step and addNoise are x·s, a·x + b·ε and a·x₀ + b·noise`, () => {
      for (let i = 0; i < s.timesteps.length; i++) {
        const si = s.inputScale(i);
        const [a, b] = s.stepCoefficients(i);
        const [na, nb] = s.noiseCoefficients(i);
        [...s.scaleInput(x, i)].forEach((v, j) => expect(v).toBeCloseTo(x[j] * si, 5));
        [...s.step(eps, x, i)].forEach((v, j) => expect(v).toBeCloseTo(a * x[j] + b * eps[j], 4));
        [...s.addNoise(x, eps, i)].forEach((v, j) => expect(v).toBeCloseTo(na * x[j] + nb * eps[j], 5));
      }
      // After the last step: clean.
      expect(s.noiseCoefficients(s.timesteps.length)).toEqual([1, 0]);
    });
  }
});
