/**
 * The request and response shapes of the hosted inpainting API
 * (../shared/seed/ideogram-inpainting-api.txt), kept in its snake_case.
 * This folder is the one place that knows the contract.
 */

export const RENDERING_SPEEDS = ['TURBO', 'DEFAULT', 'QUALITY'] as const;
export type RenderingSpeed = (typeof RENDERING_SPEEDS)[number];

export const MAGIC_PROMPT_OPTIONS = ['AUTO', 'ON', 'OFF'] as const;
export type MagicPrompt = (typeof MAGIC_PROMPT_OPTIONS)[number];

export const STYLE_TYPES = ['AUTO', 'GENERAL', 'REALISTIC', 'DESIGN'] as const;
export type StyleType = (typeof STYLE_TYPES)[number];

export const PALETTE_PRESETS = ['EMBER', 'FRESH', 'JUNGLE', 'MAGIC', 'MELON', 'MOSAIC', 'PASTEL', 'ULTRAMARINE'] as const;
export type PalettePreset = (typeof PALETTE_PRESETS)[number];

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What the outputs keep of the image's EXIF and XMP (extension); the ICC profile is always kept. */
export const METADATA_MODES = ['keep', 'strip', 'strip-location'] as const;
export type MetadataMode = (typeof METADATA_MODES)[number];

export const SEED_MAX = 2147483647;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Decoded-pixel cap: an image above it is refused instead of exhausting the tab's memory. */
export const MAX_PIXELS = 64 * 1024 * 1024;
export const MAX_NUM_IMAGES = 8;
export const MAX_PALETTE_MEMBERS = 8;
export const MAX_CHARACTER_REFERENCES = 1;
/** Local limit (the hosted docs give none): a longer prompt is almost surely a mistake. */
export const MAX_PROMPT_LENGTH = 10_000;
/** Local limit (the hosted docs give none): each reference costs a download and a decode. */
export const MAX_STYLE_REFERENCES = 4;

/**
 * An image as the caller may give it: an https URL (http only for localhost),
 * base64 (bare or `data:` URL), a Blob/File, an ImageBitmap or ImageData.
 */
export type ImageInput = string | Blob | ImageBitmap | ImageData;

export interface PaletteMember {
  color_hex: string;
  color_weight?: number;
}

export type ColorPalette = { name: PalettePreset } | { members: PaletteMember[] };

/** The body of `POST /v1/ai/ideogram-image-edit`, plus two local extensions. */
export interface InpaintRequest {
  image: ImageInput;
  mask: ImageInput;
  prompt: string;
  rendering_speed?: RenderingSpeed;
  magic_prompt?: MagicPrompt;
  style_type?: StyleType;
  style_codes?: string[];
  style_reference_images?: ImageInput[];
  character_reference_images?: ImageInput[];
  color_palette?: ColorPalette;
  seed?: number;
  webhook_url?: string;
  /** Extension: how many images to generate, 1–8 (default 1). */
  num_images?: number;
  /** Extension: encoding of the results (default `png`). */
  output_format?: OutputFormat;
  /**
   * Extension: what the results keep of the image's EXIF and XMP: `keep`
   * (default, orientation reset to 1), `strip-location` (no GPS block) or
   * `strip` (neither). The image's ICC profile is kept in every mode.
   */
  metadata?: MetadataMode;
  /** Extension: `#RGB`/`#RRGGBB` under transparent pixels of a JPEG result (default `#FFFFFF`). */
  background?: string;
  /** Extension: force a model id from the registry instead of routing. */
  model?: string;
}

/** The four sides of an expand, in pixels of the (EXIF-oriented) image. */
export const EXPAND_SIDES = ['left', 'right', 'top', 'bottom'] as const;
export type ExpandSide = (typeof EXPAND_SIDES)[number];
export type ExpandSides = Record<ExpandSide, number>;
/** The hosted Image Expand API's limit per side. */
export const MAX_EXPAND_SIDE = 2048;

/**
 * The body of the hosted `POST /v1/ai/image-expand/flux-pro` (`image`, `prompt`,
 * `left`/`right`/`top`/`bottom`, `webhook_url`, `seed`), plus the inpaint request's
 * optional fields with the same local meaning (`rendering_speed`, `num_images`,
 * `output_format`, `model`, the style fields …). There is no `mask`: the hole is
 * the new border. Each side is an integer 0–2048 (absent = 0), at least one > 0.
 */
export interface ExpandRequest extends Omit<InpaintRequest, 'mask' | 'prompt'> {
  /** Optional: guides the diffusion models (and routes to them); the fill models ignore it. */
  prompt?: string;
  left?: number;
  right?: number;
  top?: number;
  bottom?: number;
}

/** A sniffed, size-checked image: the bytes plus what the header says. */
export interface ResolvedImage {
  blob: Blob;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  /** Display size, after EXIF orientation. */
  width: number;
  height: number;
  /** EXIF orientation (1–8) when the file has one; 5–8 mean width/height above are swapped from the stored size. */
  orientation?: number;
}

/** A request after validation: defaults filled, every image resolved to bytes. */
export interface ValidatedRequest {
  image: ResolvedImage;
  mask: ResolvedImage;
  prompt: string;
  rendering_speed: RenderingSpeed;
  magic_prompt?: MagicPrompt;
  style_type?: StyleType;
  style_codes?: string[];
  style_reference_images: ResolvedImage[];
  character_reference_images: ResolvedImage[];
  color_palette?: ColorPalette;
  seed: number;
  /** True when the caller gave no seed and one was drawn at random. */
  seed_was_random: boolean;
  webhook_url?: string;
  num_images: number;
  output_format: OutputFormat;
  metadata: MetadataMode;
  background: string;
  model?: string;
}

/** An expand request after validation: an inpaint request whose hole is the new border. */
export interface ValidatedExpandRequest extends Omit<ValidatedRequest, 'mask'> {
  expand: ExpandSides;
  /** The output's size: the image's plus the sides. */
  output: { width: number; height: number };
}

export const TASK_STATUSES = ['CREATED', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** One generated image: the upstream API's per-image fields. */
export interface GeneratedImage {
  url: string;
  prompt: string;
  resolution: string;
  seed: number;
  is_image_safe: boolean;
  style_type?: StyleType;
}

/** `data` of a task response. The first three fields are the hosted service's. */
export interface TaskData {
  task_id: string;
  status: TaskStatus;
  generated: string[];
  progress: number;
  images: GeneratedImage[];
  error?: { code: string; message: string };
  created_at: string;
  updated_at: string;
  backend?: 'webgpu' | 'wasm';
  model?: string;
  /** Why this model ran (routing decision, and that the built-in model ignores the prompt). */
  model_note?: string;
  /** Backends that failed before the one that ran (e.g. WebGPU retried on WASM). */
  fallbacks?: { backend: 'webgpu' | 'wasm'; message: string }[];
  /**
   * Milliseconds per pipeline stage in the worker; a diffusion task adds
   * `readback_bytes`, the bytes it read back from GPU buffers (on WebGPU the
   * decoded image only; 0 on WASM).
   */
  timings?: Record<string, number>;
}

/** What `submit()` and the hosted `POST` return. */
export interface SubmitResponse {
  data: { task_id: string; status: 'CREATED'; generated: [] };
}

export interface TaskResponse {
  data: TaskData;
}

/** The webhook payload, and the `detail` of the client's `status` event. */
export interface WebhookPayload {
  task_id: string;
  status: TaskStatus;
  /** `blob:` URLs (valid in the submitting page only), or `data:` URLs with the client's `webhook.images: 'data-url'`. */
  generated: string[];
  /** Why `generated` holds `blob:` URLs although `data:` URLs were asked for (the images passed `webhook.maxImageBytes`). */
  generated_note?: string;
}
