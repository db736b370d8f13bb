/**
 * prepare → denoise → postprocess for the diffusion models, on one backend.
 *
 * 1. Window around the hole, resized to the speed's resolution (window.ts).
 * 2. Text: prompt (style fields, conditioning.ts) → CLIP ids → text encoder;
 *    the negative prompt too when the model uses guidance.
 * 3. Image: window → [-1, 1] → VAE encoder → × latentScale. Hole → latent mask.
 *    `latent-blend`: the known latents are re-noised to the next step's level and
 *    blended back after every step (diffusers' 4-channel inpainting).
 *    `inpaint-9ch`: the UNet sees [latents, mask, masked-image latents].
 *    A character reference starts the hole's latents from the reference's
 *    latents at partial strength (`CHARACTER_STRENGTH`).
 * 4. Per seed: seeded noise → scheduler steps (Euler trailing or DDIM), a
 *    `step` progress event after each, CFG with two UNet calls where used.
 *    Noise is generated in JS from the seed on every backend, so a seed gives
 *    the same bytes on one backend, and WebGPU matches WASM within float32
 *    rounding (gpu-resident.browser.test.ts).
 * 5. Decode (÷ latentScale) → bytes → palette pull and style-reference colour
 *    transfer on the hole → resized back, pasted into hole pixels only.
 *
 * On WebGPU every tensor stays in GPU buffers from the encoders to the VAE
 * decoder (`preferredOutputLocation: 'gpu-buffer'`, components.ts): the text
 * embeddings, the image latents, each UNet ε, and the latents between steps.
 * The per-step maths (CFG, the scheduler step, the known-latent blend or the
 * 9-channel sample, the latent scalings) runs as small generated ONNX graphs
 * on those buffers (latent-ops.ts, models/sd/latent-graphs.ts); the seed's
 * noise and the latent mask are uploaded once. The only read back is the
 * decoded image, packed on the GPU to 4 bytes a pixel (`pack-rgb`; the
 * decoder's float32 planes are 12), counted in `timings.readback_bytes` (every WebGPU output that
 * reaches the CPU is, workers/runtime/gpu-tensors.ts). Every GPU tensor is
 * disposed by the end of the task, also on a cancel or a failure. A WebGPU
 * run only queues its work, so the loop waits for the previous step's work
 * (`onSubmittedWorkDone`, nothing copied) while the next step runs: a `step`
 * event counts finished steps, and a cancel lands within two steps. On WASM
 * the same loop runs the JS of latents.ts and schedulers.ts (`cpuLatentOps`).
 *
 * Cancellation: cooperative, between steps. Every model call here (text
 * encoder, VAE encode, each UNet evaluation, the VAE decode) starts with a
 * checkpoint on `ctx.signal` (../checkpoint.ts), which yields one task so the
 * client's cancel message can land even on WASM, where `session.run` never
 * leaves the task, then throws the AbortError. The worker and its loaded
 * sessions survive; the next job starts without reloading. A UNet evaluation
 * already running is not interrupted: the client waits for it up to its
 * `cancelGraceMs`, and only past that terminates the worker
 * (src/client/worker-bridge.ts).
 */
import type { DiffusionManifest } from '../../../models/sd/manifest';
import { decodeImage } from '../../../src/image/decode';
import { InpaintError } from '../../../src/shared/errors';
import {
  compositeHoleFeathered,
  cropHole,
  cropRgba,
  resizeHole,
  resizeRgba,
  rgbaToPlanarFloat,
} from '../../../src/shared/pixels';
import type { InpaintJob, InpaintJobImage, PipelineContext } from '../contract';
import { makeTensor, type OrtTensor } from '../../runtime/sessions';
import type { PreparedInputs } from '../prepare';
import { checkOutput } from '../read-output';
import type { ReadbackMeter } from '../../runtime/gpu-tensors';
import { stageTimer } from '../stage-timer';
import { checkpoint } from '../checkpoint';
import { compositeAndEncode, upsampleFill } from '../paste-back';
import { colourStats, poolStats, transferStats } from './color-transfer';
import { assertVerifiedFiles, hubVerifiedNote, type DiffusionParts, type diffusionLoader } from './components';
import { conditioning } from './conditioning';
import { VAE_FACTOR, latentMask, latentNoise } from './latents';
import { PIXEL, cpuLatentOps, graphLatentOps, type InpaintChannels } from './latent-ops';
import { applyPalette, paletteColours } from './palette';
import { adapterFacts, checkMemoryRequirements, checkWebgpuRequirements, hostFacts, webgpuRequirementsApply } from './requirements';
import { ddimLeading, eulerTrailing, type Scheduler } from './schedulers';
import { planDiffusionWindow } from './window';

/** img2img strength inside the hole when a character reference seeds it. */
export const CHARACTER_STRENGTH = 0.7;

/**
 * Runs a diffusion model on one backend.
 *
 * @example
 * const out = await runDiffusion(job, ctx, input, manifest, diffusionLoader(manifest, onProgress));
 */
export async function runDiffusion(
  job: InpaintJob,
  ctx: PipelineContext,
  input: PreparedInputs,
  manifest: DiffusionManifest,
  loader: ReturnType<typeof diffusionLoader>,
): Promise<{ images: InpaintJobImage[]; timings: Record<string, number>; note: string }> {
  const cfg = manifest.diffusion;
  assertVerifiedFiles(manifest);
  if (ctx.backend === 'webgpu') checkWebgpuRequirements(manifest, await adapterFacts(), webgpuRequirementsApply(manifest));
  checkMemoryRequirements(manifest, ctx.backend, job.renderingSpeed, hostFacts());
  const { timings, lap } = stageTimer();
  const parts = await loader.load(ctx);
  lap('load');

  const speed = cfg.speeds[job.renderingSpeed];
  const win = planDiffusionWindow(input.bounds, input.width, input.height, speed.resolution);
  const { rect, runWidth: rw, runHeight: rh } = win;
  const [lw, lh] = [rw / VAE_FACTOR, rh / VAE_FACTOR];
  const crop = cropRgba(input.rgba, input.width, rect);
  const holeCrop = cropHole(input.hole, input.width, rect);
  const shrink = rect.width * rect.height > rw * rh;
  const runPixels = resizeRgba(crop, rect.width, rect.height, rw, rh, shrink ? 'area' : 'bilinear');
  const runHole = resizeHole(holeCrop, rect.width, rect.height, rw, rh);
  const mask = latentMask(runHole, rw, rh);

  const known = holeCrop.map((h) => (h ? 0 : 1));
  const cond = conditioning(job, colourStats(crop, known));
  const unetRuns = { count: 0 };
  const readback: ReadbackMeter = { bytes: 0 };
  const text = await encodeText(ctx, parts, cond.prompt, readback);
  const uncond = cfg.guidance
    ? await encodeText(ctx, parts, cond.negative, readback).catch((err: unknown) => {
        text.dispose(); // e.g. a cancel between the two encoder runs
        throw err;
      })
    : undefined;
  // WebGPU: the latent arithmetic runs as graphs on GPU tensors; WASM: the JS of latents.ts and schedulers.ts.
  const ops = ctx.backend === 'webgpu' ? graphLatentOps(ctx, readback) : cpuLatentOps();

  try {
    const dims = [1, 4, lh, lw];
    const encode = async (rgba: Uint8ClampedArray) => {
      const raw = ops.own(await vaeEncode(ctx, parts, rgbaToPlanarFloat(rgba, rw, rh, PIXEL), rw, rh, readback));
      const latents = await ops.scale(raw, cfg.latentScale);
      ops.free(raw);
      return latents;
    };
    const imageLatents = await encode(runPixels);
    const maskLatent = await ops.upload(mask, [1, 1, lh, lw]);
    let inpaint: InpaintChannels | undefined;
    if (cfg.variant === 'inpaint-9ch') {
      // diffusers: masked_image = image · (mask < 0.5); a hole pixel becomes 0 in [-1, 1], i.e. grey 127.5.
      const masked = new Uint8ClampedArray(runPixels);
      for (let i = 0; i < runHole.length; i++) if (runHole[i]) masked.fill(128, i * 4, i * 4 + 3);
      // The UNet sees [latents, mask, masked-image latents]; only the first 4 channels change per step.
      inpaint = { mask: maskLatent, masked: await encode(masked) };
    }
    let init = imageLatents;
    // Nothing known (a mask over the whole image): start from pure noise, not from the grey prefill.
    let strength = input.known === 0 ? 1 : speed.strength;
    const character = job.characterReferenceImages?.[0];
    if (character) {
      const ref = await decodeImage(character, 'character_reference_images');
      const refLatents = await encode(resizeRgba(ref.data, ref.width, ref.height, rw, rh, 'bilinear'));
      init = await ops.blend(refLatents, imageLatents, maskLatent);
      ops.free(refLatents);
      strength = Math.min(strength, CHARACTER_STRENGTH);
    }
    const styleStats = poolStats(
      await Promise.all((job.styleReferenceImages ?? []).map(async (b) => colourStats((await decodeImage(b, 'style_reference_images')).data))),
    );
    const palette = paletteColours(job.colorPalette);
    lap('prepare');

    const steps = Math.max(speed.steps, Math.ceil(1 / strength));
    const makeScheduler = (): Scheduler => (cfg.scheduler === 'ddim-leading' ? ddimLeading(steps, strength) : eulerTrailing(steps, strength));
    const total = makeScheduler().timesteps.length * job.seeds.length;
    const images: InpaintJobImage[] = [];
    let done = 0;
    for (const seed of job.seeds) {
      const sched = makeScheduler();
      const noise = await ops.upload(latentNoise(seed, dims), dims);
      let latents = strength >= 1 ? await ops.scale(noise, sched.initNoiseSigma) : await ops.addNoise(sched, init, noise, 0);
      const blend = cfg.variant === 'latent-blend' ? { known: imageLatents, noise, mask: maskLatent } : undefined;
      // unet() and the VAE calls start with a cancel checkpoint: a cancel lands before the next step or the decode.
      const stepDone = () => ctx.onProgress({ status: 'step', index: ++done, total });
      let previous: Promise<void> | undefined;
      for (let i = 0; i < sched.timesteps.length; i++) {
        const sample = await ops.unetSample(sched, latents, i, inpaint);
        const t = sched.timesteps[i];
        const epsText = ops.own(await unet(ctx, parts, sample, t, text, unetRuns, readback));
        const epsUncond = uncond && ops.own(await unet(ctx, parts, sample, t, uncond, unetRuns, readback));
        ops.free(sample);
        const next = await ops.step(sched, i, latents, epsText, epsUncond, cond.guidance, blend);
        ops.free(latents, epsText, epsUncond);
        latents = next;
        // WebGPU: the runs above only queued this step. Wait for the previous one while this one runs, so the
        // GPU never idles, a `step` event means a finished step, and a cancel lands within two steps.
        const finished = ops.finished();
        if (previous) {
          await previous;
          stepDone();
        }
        previous = finished;
        if (!finished) stepDone();
      }
      if (previous) {
        await previous;
        stepDone();
      }
      const z = await ops.scale(latents, 1 / cfg.latentScale);
      ops.free(latents, noise);
      const decoded = ops.own(await vaeDecode(ctx, parts, z, readback));
      ops.free(z);
      // The one read back from the GPU per image: the decoded pixels, 4 bytes each.
      const fill = await ops.readRgba(decoded);
      applyPalette(fill, runHole, palette);
      transferStats(fill, runHole, styleStats);
      // Upsampled over the hole's box only, pasted in place, encoded, restored (paste-back.ts).
      const up = upsampleFill(fill, rw, rh, rect, input.bounds, win.feather);
      const paste = (target: Uint8ClampedArray) => compositeHoleFeathered(target, input.width, up.fill, up.rect, input.hole, win.feather);
      const blob = await compositeAndEncode(input, paste, ctx.encode);
      images.push({ blob, seed, width: input.width, height: input.height, prompt: cond.prompt });
    }
    lap('denoise');
    timings.readback_bytes = readback.bytes;

    const perImage = total / job.seeds.length;
    const note =
      `${manifest.id} ran ${perImage} ${cfg.scheduler} step${perImage === 1 ? '' : 's'} × ${job.seeds.length} image${job.seeds.length === 1 ? '' : 's'} ` +
      `(${unetRuns.count} UNet evaluations${uncond ? `, guidance ${cond.guidance}` : ''}) on a ${rect.width}×${rect.height} window at ${rw}×${rh}, ` +
      `style ${cond.style}${character ? `, character reference at strength ${strength}` : ''}${styleStats ? ', style reference colours' : ''}` +
      `${palette.length ? ', palette pull' : ''}` +
      `${ops.where === 'gpu' ? `, latents kept on the GPU (${readback.bytes} bytes read back: the decoded image${job.seeds.length === 1 ? '' : 's'})` : ''}; ${cfg.licenceNote}` +
      hubVerifiedNote(manifest);
    return { images, timings, note };
  } finally {
    // GPU-resident on WebGPU: freed here whatever happened (a cancel; a failed step retries on WASM).
    ops.close();
    text.dispose();
    uncond?.dispose();
  }
}

async function encodeText(ctx: PipelineContext, parts: DiffusionParts, prompt: string, readback: ReadbackMeter): Promise<OrtTensor> {
  await checkpoint(ctx.signal);
  const s = parts.sessions.text_encoder;
  const ids = parts.tokenizer.encode(prompt);
  const out = await ctx.sessions.run(s, { input_ids: makeTensor('int32', ids, [1, ids.length]) }, readback);
  const hidden = out[s.outputNames[0]];
  // On WebGPU this tensor stays in a GPU buffer (components.ts): check type and dims only, never read it back.
  if (hidden.type !== 'float32' || hidden.dims.length !== 3 || hidden.dims[1] !== ids.length) {
    hidden.dispose();
    throw new InpaintError('inference', `The text encoder returned ${hidden.type} [${hidden.dims.join(',')}], expected float32 [1,${ids.length},D].`);
  }
  return hidden;
}

/** One UNet evaluation: ε for `sample` at timestep `t`, left where the backend put it (a GPU buffer on WebGPU). */
async function unet(
  ctx: PipelineContext,
  parts: DiffusionParts,
  sample: OrtTensor,
  t: number,
  text: OrtTensor,
  runs: { count: number },
  readback: ReadbackMeter,
): Promise<OrtTensor> {
  await checkpoint(ctx.signal);
  const s = parts.sessions.unet;
  const timestep = parts.timestepType === 'int64' ? makeTensor('int64', BigInt64Array.from([BigInt(t)]), [1]) : makeTensor('float32', Float32Array.from([t]), [1]);
  const out = await ctx.sessions.run(s, { sample, timestep, encoder_hidden_states: text }, readback);
  runs.count++;
  const [, , h, w] = sample.dims;
  return checkOutput(out[s.outputNames[0]], 'float32', [1, 4, h, w], 'The UNet');
}

/** The VAE encoder's latents (unscaled) of [-1, 1] RGB planes, left where the backend put them. */
async function vaeEncode(ctx: PipelineContext, parts: DiffusionParts, planes: Float32Array, w: number, h: number, readback: ReadbackMeter): Promise<OrtTensor> {
  await checkpoint(ctx.signal);
  const s = parts.sessions.vae_encoder;
  const out = await ctx.sessions.run(s, { [s.inputNames[0]]: makeTensor('float32', planes, [1, 3, h, w]) }, readback);
  return checkOutput(out[s.outputNames[0]], 'float32', [1, 4, h / VAE_FACTOR, w / VAE_FACTOR], 'The VAE encoder');
}

/** The decoded RGB planes in [-1, 1], left where the backend put them (read by `LatentOps.readRgba`). */
async function vaeDecode(ctx: PipelineContext, parts: DiffusionParts, latents: OrtTensor, readback: ReadbackMeter): Promise<OrtTensor> {
  await checkpoint(ctx.signal);
  const s = parts.sessions.vae_decoder;
  const out = await ctx.sessions.run(s, { [s.inputNames[0]]: latents }, readback);
  const [, , h, w] = latents.dims;
  return checkOutput(out[s.outputNames[0]], 'float32', [1, 3, h * VAE_FACTOR, w * VAE_FACTOR], 'The VAE decoder');
}
