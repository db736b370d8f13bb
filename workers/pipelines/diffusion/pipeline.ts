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
 * 5. Decode (÷ latentScale) → bytes → palette pull and style-reference colour
 *    transfer on the hole → resized back, pasted into hole pixels only.
 *
 * On WebGPU the text embeddings stay in GPU buffers between the text encoder
 * and every UNet call (`preferredOutputLocation`), and are disposed at the end.
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
  planarFloatToRgba,
  resizeHole,
  resizeRgba,
  rgbaToPlanarFloat,
} from '../../../src/shared/pixels';
import type { InpaintJob, InpaintJobImage, PipelineContext } from '../contract';
import { makeTensor, type OrtTensor } from '../../runtime/sessions';
import type { PreparedInputs } from '../prepare';
import { readOutput } from '../read-output';
import { stageTimer } from '../stage-timer';
import { checkpoint } from '../checkpoint';
import { colourStats, poolStats, transferStats } from './color-transfer';
import { assertVerifiedFiles, hubVerifiedNote, type DiffusionParts, type diffusionLoader } from './components';
import { conditioning } from './conditioning';
import { VAE_FACTOR, blendKnown, concatChannels, guide, latentMask, latentNoise, scaled } from './latents';
import { applyPalette, paletteColours } from './palette';
import { adapterFacts, checkMemoryRequirements, checkWebgpuRequirements, hostFacts, webgpuRequirementsApply } from './requirements';
import { ddimLeading, eulerTrailing, type Scheduler } from './schedulers';
import { planDiffusionWindow } from './window';

/** img2img strength inside the hole when a character reference seeds it. */
export const CHARACTER_STRENGTH = 0.7;

const PIXEL = { scale: 2 / 255, offset: -1 } as const;

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
  const text = await encodeText(ctx, parts, cond.prompt);
  const uncond = cfg.guidance
    ? await encodeText(ctx, parts, cond.negative).catch((err: unknown) => {
        text.dispose(); // e.g. a cancel between the two encoder runs
        throw err;
      })
    : undefined;

  try {
    const encode = async (rgba: Uint8ClampedArray) => scaled(await vae(ctx, parts, 'vae_encoder', rgbaToPlanarFloat(rgba, rw, rh, PIXEL), [1, 3, rh, rw]), cfg.latentScale);
    const imageLatents = await encode(runPixels);
    let maskedLatents: Float32Array | undefined;
    if (cfg.variant === 'inpaint-9ch') {
      // diffusers: masked_image = image · (mask < 0.5); a hole pixel becomes 0 in [-1, 1], i.e. grey 127.5.
      const masked = new Uint8ClampedArray(runPixels);
      for (let i = 0; i < runHole.length; i++) if (runHole[i]) masked.fill(128, i * 4, i * 4 + 3);
      maskedLatents = await encode(masked);
    }
    let init = imageLatents;
    // Nothing known (a mask over the whole image): start from pure noise, not from the grey prefill.
    let strength = input.known === 0 ? 1 : speed.strength;
    const character = job.characterReferenceImages?.[0];
    if (character) {
      const ref = await decodeImage(character, 'character_reference_images');
      const refLatents = await encode(resizeRgba(ref.data, ref.width, ref.height, rw, rh, 'bilinear'));
      init = blendKnown(refLatents, imageLatents, mask);
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
    const dims = [1, 4, lh, lw];
    // inpaint-9ch: [latents, mask, masked-image latents]; only the first 4 channels change per step.
    const unetInput = maskedLatents && concatChannels(new Float32Array(4 * lh * lw), mask, maskedLatents);
    const channels = unetInput ? 9 : 4;
    const images: InpaintJobImage[] = [];
    let done = 0;
    for (const seed of job.seeds) {
      const sched = makeScheduler();
      const noise = latentNoise(seed, dims);
      const pureNoise = strength >= 1;
      let latents = pureNoise ? scaled(noise, sched.initNoiseSigma) : sched.addNoise(init, noise, 0);
      // unet() and vae() start with a cancel checkpoint: a cancel lands before the next step or the decode.
      for (let i = 0; i < sched.timesteps.length; i++) {
        let sample = sched.scaleInput(latents, i);
        if (unetInput) {
          unetInput.set(sample);
          sample = unetInput;
        }
        const t = sched.timesteps[i];
        const epsText = await unet(ctx, parts, sample, channels, lh, lw, t, text, unetRuns);
        const eps = uncond ? guide(await unet(ctx, parts, sample, channels, lh, lw, t, uncond, unetRuns), epsText, cond.guidance) : epsText;
        latents = sched.step(eps, latents, i);
        if (cfg.variant === 'latent-blend') latents = blendKnown(latents, sched.addNoise(imageLatents, noise, i + 1), mask);
        ctx.onProgress({ status: 'step', index: ++done, total });
      }
      const decoded = await vae(ctx, parts, 'vae_decoder', scaled(latents, 1 / cfg.latentScale), dims);
      let fill = planarFloatToRgba(decoded, rw, rh, PIXEL);
      applyPalette(fill, runHole, palette);
      transferStats(fill, runHole, styleStats);
      fill = resizeRgba(fill, rw, rh, rect.width, rect.height, 'bilinear');
      const result = new Uint8ClampedArray(input.rgba);
      compositeHoleFeathered(result, input.width, fill, rect, input.hole, win.feather);
      const blob = await ctx.encode(result);
      images.push({ blob, seed, width: input.width, height: input.height, prompt: cond.prompt });
    }
    lap('denoise');

    const perImage = total / job.seeds.length;
    const note =
      `${manifest.id} ran ${perImage} ${cfg.scheduler} step${perImage === 1 ? '' : 's'} × ${job.seeds.length} image${job.seeds.length === 1 ? '' : 's'} ` +
      `(${unetRuns.count} UNet evaluations${uncond ? `, guidance ${cond.guidance}` : ''}) on a ${rect.width}×${rect.height} window at ${rw}×${rh}, ` +
      `style ${cond.style}${character ? `, character reference at strength ${strength}` : ''}${styleStats ? ', style reference colours' : ''}` +
      `${palette.length ? ', palette pull' : ''}${text.location === 'gpu-buffer' ? ', text embeddings kept on the GPU' : ''}; ${cfg.licenceNote}` +
      hubVerifiedNote(manifest);
    return { images, timings, note };
  } finally {
    // GPU-resident on WebGPU: freed here whatever happened (a failed step retries on WASM).
    text.dispose();
    uncond?.dispose();
  }
}

async function encodeText(ctx: PipelineContext, parts: DiffusionParts, prompt: string): Promise<OrtTensor> {
  await checkpoint(ctx.signal);
  const s = parts.sessions.text_encoder;
  const ids = parts.tokenizer.encode(prompt);
  const out = await ctx.sessions.run(s, { input_ids: makeTensor('int32', ids, [1, ids.length]) });
  const hidden = out[s.outputNames[0]];
  // On WebGPU this tensor stays in a GPU buffer (components.ts): check type and dims only, never read it back.
  if (hidden.type !== 'float32' || hidden.dims.length !== 3 || hidden.dims[1] !== ids.length) {
    hidden.dispose();
    throw new InpaintError('inference', `The text encoder returned ${hidden.type} [${hidden.dims.join(',')}], expected float32 [1,${ids.length},D].`);
  }
  return hidden;
}

async function unet(
  ctx: PipelineContext,
  parts: DiffusionParts,
  sample: Float32Array,
  channels: number,
  h: number,
  w: number,
  t: number,
  text: OrtTensor,
  runs: { count: number },
): Promise<Float32Array> {
  await checkpoint(ctx.signal);
  const s = parts.sessions.unet;
  const timestep = parts.timestepType === 'int64' ? makeTensor('int64', BigInt64Array.from([BigInt(t)]), [1]) : makeTensor('float32', Float32Array.from([t]), [1]);
  const out = await ctx.sessions.run(s, {
    sample: makeTensor('float32', sample, [1, channels, h, w]),
    timestep,
    encoder_hidden_states: text,
  });
  runs.count++;
  return readOutput(out[s.outputNames[0]], 'float32', [1, 4, h, w], 'The UNet');
}

async function vae(ctx: PipelineContext, parts: DiffusionParts, which: 'vae_encoder' | 'vae_decoder', data: Float32Array, dims: number[]): Promise<Float32Array> {
  await checkpoint(ctx.signal);
  const s = parts.sessions[which];
  const out = await ctx.sessions.run(s, { [s.inputNames[0]]: makeTensor('float32', data, dims) });
  const [, , h, w] = dims;
  const expected = which === 'vae_encoder' ? [1, 4, h / VAE_FACTOR, w / VAE_FACTOR] : [1, 3, h * VAE_FACTOR, w * VAE_FACTOR];
  return readOutput(out[s.outputNames[0]], 'float32', expected, which === 'vae_encoder' ? 'The VAE encoder' : 'The VAE decoder');
}
