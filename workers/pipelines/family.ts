/**
 * The family → pipeline table: which pipeline runs a manifest, and how it is
 * bound to the model's weights for one job. The worker (api.ts) asks it before
 * decoding anything, so a model whose family has no pipeline in this build
 * fails with its own name instead of running another model under that name.
 * Adding a family is one line in `PIPELINES` (models/README.md, "Adding a model").
 */
import type { ModelManifest } from '../../models/manifest';
import { isDiffusionManifest, type DiffusionManifest } from '../../models/sd/manifest';
import { InpaintError } from '../../src/shared/errors';
import type { ProgressCallback } from '../../src/shared/progress';
import type { InpaintJob, PipelineContext, PipelineRun } from './contract';
import type { PreparedInputs } from './prepare';
import type { Route } from './route';
import { runBuiltinFill } from './builtin-fill';
import { learnedModel } from './learned-model';
import type { LearnedRun } from './learned-run';
import { runMigan } from './migan';
import { runLama } from './lama';
import { diffusionLoader } from './diffusion/components';
import { runDiffusion } from './diffusion/pipeline';

/** One job's model, bound to its weights: run once per backend the worker tries. */
export type ModelRun = (job: InpaintJob, ctx: PipelineContext, input: PreparedInputs, route: Route) => Promise<PipelineRun>;

/** What the worker needs from a pipeline module. */
export interface Pipeline {
  /** Why `manifest` cannot run on this pipeline (said after its id and family), or undefined when it can. */
  refuse?(manifest: ModelManifest): string | undefined;
  /**
   * Binds the model for one job. Weights are fetched when the run first needs
   * them and at most once per job (a WebGPU → WASM retry reuses them), with
   * download progress on `onProgress`; `signal` stops a download.
   */
  bind(manifest: ModelManifest, onProgress: ProgressCallback, signal: AbortSignal): ModelRun;
}

/** A single-file learned model (MI-GAN, LaMa): deterministic, one run per job. */
function learned(run: LearnedRun): Pipeline {
  return {
    refuse: (m) => (m.files.length === 0 ? 'lists no weight files, so there is nothing to run' : undefined),
    bind(manifest, onProgress, signal) {
      const model = learnedModel(manifest, onProgress, signal);
      return (job, ctx, input) => run(job, ctx, input, model);
    },
  };
}

/** One line per family (`ModelManifest.family`), each naming its pipeline in workers/pipelines/. */
export const PIPELINES = {
  builtin: { bind: () => async (job, ctx, input, route) => ({ ...(await runBuiltinFill(job, ctx, route, input)), note: '' }) },
  migan: learned(runMigan),
  lama: learned(runLama),
  diffusion: {
    refuse: (m) => (isDiffusionManifest(m) ? undefined : 'has no `diffusion` description (models/sd/manifest.ts), so there is nothing to run'),
    bind(manifest, onProgress, signal) {
      const m = manifest as DiffusionManifest;
      const loader = diffusionLoader(m, onProgress, signal);
      return (job, ctx, input) => runDiffusion(job, ctx, input, m, loader);
    },
  },
} as const satisfies Readonly<Record<string, Pipeline>>;

export type PipelineFamily = keyof typeof PIPELINES;

/** The families this build has a pipeline for. */
export const PIPELINE_FAMILIES = Object.freeze(Object.keys(PIPELINES)) as readonly PipelineFamily[];

/**
 * The family of `manifest`, checked against the table.
 *
 * @throws InpaintError `model_not_found` when the family has no pipeline, or the
 *   pipeline refuses the manifest (a learned family without weight files, a
 *   diffusion family without its description), naming the model, its family and the known ones.
 * @example
 * pipelineFamily(getModel('lama')); // 'lama'
 */
export function pipelineFamily(manifest: ModelManifest): PipelineFamily {
  if (!Object.hasOwn(PIPELINES, manifest.family)) {
    throw new InpaintError(
      'model_not_found',
      `Model "${manifest.id}" has family "${manifest.family}", which has no pipeline in this build. Known families: ${PIPELINE_FAMILIES.join(', ')}.`,
      { details: { id: manifest.id, family: manifest.family, valid: [...PIPELINE_FAMILIES] } },
    );
  }
  const family = manifest.family as PipelineFamily;
  const pipeline: Pipeline = PIPELINES[family];
  const refused = pipeline.refuse?.(manifest);
  if (refused) {
    throw new InpaintError('model_not_found', `Model "${manifest.id}" (family "${family}") ${refused}.`, {
      details: { id: manifest.id, family },
    });
  }
  return family;
}

/**
 * The pipeline that runs `manifest` (see {@link pipelineFamily} for the errors).
 *
 * @example
 * const run = pipelineFor(manifest).bind(manifest, onProgress, signal);
 * const out = await run(job, ctx, input, route);
 */
export function pipelineFor(manifest: ModelManifest): Pipeline {
  return PIPELINES[pipelineFamily(manifest)];
}
