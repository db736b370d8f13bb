/**
 * The one mapping from a validated request to what the client stores
 * (`StoredRequest` + `TaskInputs`) and what the worker receives (`JobRequest`,
 * the request part of workers/pipelines/contract.ts's `InpaintJob`). Both types
 * follow from `ValidatedRequest`: a new field in types.ts reaches the store and
 * the worker (as its camelCase name) without touching this file, unless it is
 * an image, is for the client only, or is transformed on the way.
 */
import type { BackendPreference } from '../shared/progress';
import { deriveSeed } from '../shared/rng';
import type { ExpandSides, ValidatedExpandRequest, ValidatedRequest } from './types';

/** The images of a request: stored apart from the record and sent as Blobs. */
type ImageField = 'image' | 'mask' | 'style_reference_images' | 'character_reference_images';

/** Fields stored with old tasks may lack (tasks stored before the field existed). */
type LaterField = 'metadata' | 'background';

/** What is kept of a request once validated (the images live in `TaskInputs`). */
export type StoredRequest = Omit<ValidatedRequest, ImageField | LaterField | 'seed_was_random'> &
  Partial<Pick<ValidatedRequest, LaterField>> & {
    /** One seed per output image (`num_images` of them), derived from `seed`. */
    seeds: number[];
    /** The client's backend preference when the task was submitted. */
    backend: BackendPreference;
    /** The image's display size (after EXIF orientation). */
    width: number;
    height: number;
    /** An expand task (`client.expand()`): pixels added on each side; it has no mask. Absent for inpainting. */
    expand?: ExpandSides;
  };

/** A task's image bytes, stored apart from its record. */
export interface TaskInputs {
  image: Blob;
  /** Absent for an expand task: its hole is the new border. */
  mask?: Blob;
  style_reference_images: Blob[];
  character_reference_images: Blob[];
}

/**
 * Stored fields the worker does not receive, and why. Every other field of
 * `StoredRequest` goes to the worker under its camelCase name.
 */
export const CLIENT_ONLY_FIELDS = {
  seed: 'the worker gets `seeds`, one per image',
  num_images: 'the worker gets `seeds`, one per image',
  webhook_url: 'the client delivers webhooks',
  width: 'the worker decodes the image itself',
  height: 'the worker decodes the image itself',
} as const satisfies Partial<Record<keyof StoredRequest, string>>;
type ClientOnly = keyof typeof CLIENT_ONLY_FIELDS;

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
/** `{ rendering_speed: X }` → `{ renderingSpeed: X }`, optionality kept. */
export type CamelKeys<T> = { [K in keyof T as K extends string ? CamelCase<K> : never]: T[K] };

/** `rendering_speed` → `renderingSpeed`: snake_case stays at the contract's boundary (STYLE.md). */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The request part of a worker job: the stored fields but the client's own, in camelCase, and the images as Blobs. */
export type JobRequest = CamelKeys<Omit<StoredRequest, ClientOnly>> & {
  image: Blob;
  /** Absent in an expand job (`expand` set instead). */
  mask?: Blob;
  /** Only the diffusion models use the references (workers/pipelines/diffusion/). */
  styleReferenceImages?: Blob[];
  characterReferenceImages?: Blob[];
};

/**
 * Splits a validated request into the task's stored record fields and its image bytes.
 *
 * @example
 * const { request, inputs } = storedRequest(await validateRequest(body), 'auto');
 * request.seeds.length === request.num_images; // true
 */
export function storedRequest(req: ValidatedRequest | ValidatedExpandRequest, backend: BackendPreference): { request: StoredRequest; inputs: TaskInputs } {
  // An expand request has `expand` (stored) and `output` (derived from image and sides: not stored) instead of `mask`.
  const { image, style_reference_images, character_reference_images, seed_was_random: _random, ...rest } = req as ValidatedRequest & Partial<ValidatedExpandRequest>;
  const { mask, output: _output, ...fields } = rest as typeof rest & { mask?: ValidatedRequest['mask'] };
  return {
    request: {
      ...fields,
      seeds: Array.from({ length: req.num_images }, (_, i) => deriveSeed(req.seed, i)),
      backend,
      width: image.width,
      height: image.height,
    },
    inputs: {
      image: image.blob,
      ...(mask ? { mask: mask.blob } : {}),
      style_reference_images: style_reference_images.map((r) => r.blob),
      character_reference_images: character_reference_images.map((r) => r.blob),
    },
  };
}

/**
 * The worker's view of a stored task: every field not in `CLIENT_ONLY_FIELDS`,
 * renamed to camelCase, and the images.
 *
 * @example
 * const job: InpaintJob = { taskId, ...jobRequest(record.request, inputs), modelFiles };
 */
export function jobRequest(request: StoredRequest, inputs: TaskInputs): JobRequest {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request)) {
    if (!Object.hasOwn(CLIENT_ONLY_FIELDS, name)) fields[camelCase(name)] = value;
  }
  return {
    ...(fields as CamelKeys<Omit<StoredRequest, ClientOnly>>),
    image: inputs.image,
    ...(inputs.mask ? { mask: inputs.mask } : {}),
    styleReferenceImages: inputs.style_reference_images,
    characterReferenceImages: inputs.character_reference_images,
  };
}
