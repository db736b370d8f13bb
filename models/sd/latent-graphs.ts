/**
 * The diffusion pipeline's per-step latent arithmetic as tiny ONNX graphs,
 * generated in code at first use (no file, no download), so that on WebGPU the
 * latents and the UNet's outputs never leave the GPU between steps: ORT runs
 * them with `'gpu-buffer'` inputs and outputs (workers/pipelines/diffusion/
 * latent-ops.ts). Each is a handful of element-wise ops over [1, C, h, w]
 * float32 latents with symbolic h and w; scalars come in one small `coef`
 * vector per run (an upload of a few bytes), so a graph serves every step.
 *
 * The maths is that of latents.ts and schedulers.ts, in float32:
 * - `scale`:  out = x·c₀ (VAE latent scaling; the pure-noise start).
 * - `mix`:    out = x·c₀ + y·c₁ (a scheduler's `addNoise`).
 * - `blend`:  out = (1 − m)·known + m·gen (`blendKnown`; m is 0 or 1).
 * - `sample9`: out = [x·c₀, m, masked] along channels (the 9-channel UNet input).
 * - `step`:   ε = u + c₀·(t − u) with guidance, else t; x' = c₁·x + c₂·ε
 *   (Euler or DDIM as [a, b]); with `blend`, x' = (1 − m)·(c₃·known + c₄·noise) + m·x'.
 * - `pack-rgb`: the VAE decoder's RGB planes in [−1, 1] → one float32 per
 *   pixel, r + 256·g + 65536·b, each channel ⌊clip((v + 1)·127.5, 0, 255) + ½⌋:
 *   integers below 2²⁴, so exact in float32. The decoded image comes back as 4
 *   bytes a pixel (an RGBA8 image's size) instead of 12; `unpackRgb` splits it.
 *   (onnxruntime-web's WebGPU provider has no Round and no uint8 maths; the
 *   rounding is half up where the JS path's Uint8ClampedArray rounds half to
 *   even: the two differ only on exact ties. A NaN channel blacks out its
 *   pixel here, only itself there.)
 */
import { GraphBuilder } from '../build/onnx';

const LATENT = [1, 4, 'h', 'w'] as const;
const MASK = [1, 1, 'h', 'w'] as const;

/** The graphs by name; `step` has a variant per guidance × blend. */
export type LatentGraph = 'scale' | 'mix' | 'blend' | 'sample9' | `step${'' | '-cfg'}${'' | '-blend'}` | 'pack-rgb';

function coefficient(g: GraphBuilder, coef: string, i: number): string {
  // Gather with a scalar index gives a scalar, which broadcasts over the latents.
  return g.op('Gather', [coef, g.constInt64([i], [])], undefined, { axis: 0 });
}

/** (1 − m)·known + m·gen, exact at m = 0 and m = 1. */
function blendOp(g: GraphBuilder, gen: string, known: string, mask: string, output?: string): string {
  const keep = g.op('Sub', [g.constFloat(1), mask]);
  return g.op('Add', [g.op('Mul', [known, keep]), g.op('Mul', [gen, mask])], output);
}

/**
 * ONNX bytes of one latent graph. Inputs are named as below; the output is `out`.
 * Every op has a WebGPU kernel in onnxruntime-web (latent-graphs.browser.test.ts
 * checks ORT's placement): an op left to the CPU would copy through the CPU
 * inside `run()`, a read back that no count outside ORT sees.
 *
 * @example
 * const bytes = buildLatentGraph('step-cfg'); // inputs latents, eps_text, eps_uncond, coef[3]
 */
export function buildLatentGraph(name: LatentGraph): Uint8Array {
  const g = new GraphBuilder(`latent_${name}`, `local-inpaint diffusion latent arithmetic: ${name}.`);
  const OUT = 'out';
  if (name === 'pack-rgb') {
    const image = g.input('image', 'float32', [1, 3, 'H', 'W']);
    const scaled = g.op('Mul', [g.op('Add', [image, g.constFloat(1)]), g.constFloat(127.5)]);
    const bytes = g.op('Floor', [g.op('Add', [g.op('Clip', [scaled, g.constFloat(0), g.constFloat(255)]), g.constFloat(0.5)])]);
    // Slices and element-wise ops, not ReduceSum over the channels: onnxruntime-web's WebGPU ReduceSum took
    // 15–20 s at 512² on SwiftShader, against 0.7 s for this whole graph (measured in one page, same inputs).
    const plane = (c: number) => g.op('Slice', [bytes, g.constInt64([c]), g.constInt64([c + 1]), g.constInt64([1])]);
    g.op('Add', [g.op('Add', [plane(0), g.op('Mul', [plane(1), g.constFloat(256)])]), g.op('Mul', [plane(2), g.constFloat(65536)])], OUT);
    g.output(OUT, 'float32', [1, 1, 'H', 'W']);
    return g.toBytes();
  }
  if (name === 'scale') {
    const x = g.input('x', 'float32', LATENT);
    g.op('Mul', [x, coefficient(g, g.input('coef', 'float32', [1]), 0)], OUT);
  } else if (name === 'mix') {
    const [x, y] = [g.input('x', 'float32', LATENT), g.input('y', 'float32', LATENT)];
    const coef = g.input('coef', 'float32', [2]);
    g.op('Add', [g.op('Mul', [x, coefficient(g, coef, 0)]), g.op('Mul', [y, coefficient(g, coef, 1)])], OUT);
  } else if (name === 'blend') {
    const [gen, known, mask] = [g.input('gen', 'float32', LATENT), g.input('known', 'float32', LATENT), g.input('mask', 'float32', MASK)];
    blendOp(g, gen, known, mask, OUT);
  } else if (name === 'sample9') {
    const x = g.input('x', 'float32', LATENT);
    const coef = g.input('coef', 'float32', [1]);
    const [mask, masked] = [g.input('mask', 'float32', MASK), g.input('masked', 'float32', LATENT)];
    g.op('Concat', [g.op('Mul', [x, coefficient(g, coef, 0)]), mask, masked], OUT, { axis: 1 });
    g.output(OUT, 'float32', [1, 9, 'h', 'w']);
    return g.toBytes();
  } else {
    const cfg = name.includes('-cfg');
    const latents = g.input('latents', 'float32', LATENT);
    const text = g.input('eps_text', 'float32', LATENT);
    const uncond = cfg ? g.input('eps_uncond', 'float32', LATENT) : '';
    const blend = name.endsWith('-blend');
    const coef = g.input('coef', 'float32', [blend ? 5 : 3]);
    const eps = cfg ? g.op('Add', [uncond, g.op('Mul', [coefficient(g, coef, 0), g.op('Sub', [text, uncond])])]) : text;
    const stepped = g.op('Add', [g.op('Mul', [latents, coefficient(g, coef, 1)]), g.op('Mul', [eps, coefficient(g, coef, 2)])], blend ? undefined : OUT);
    if (blend) {
      const [known, noise, mask] = [g.input('known', 'float32', LATENT), g.input('noise', 'float32', LATENT), g.input('mask', 'float32', MASK)];
      const renoised = g.op('Add', [g.op('Mul', [known, coefficient(g, coef, 3)]), g.op('Mul', [noise, coefficient(g, coef, 4)])]);
      blendOp(g, stepped, renoised, mask, OUT);
    }
  }
  g.output(OUT, 'float32', LATENT);
  return g.toBytes();
}

/**
 * RGBA bytes (alpha 255) from `pack-rgb`'s output.
 *
 * @example
 * const rgba = unpackRgb((await packed.getData()) as Float32Array);
 */
export function unpackRgb(packed: Float32Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(packed.length * 4);
  for (let i = 0; i < packed.length; i++) {
    const v = packed[i] | 0; // NaN → 0, as the JS path writes it
    out[i * 4] = v & 255;
    out[i * 4 + 1] = (v >> 8) & 255;
    out[i * 4 + 2] = (v >> 16) & 255;
    out[i * 4 + 3] = 255;
  }
  return out;
}
