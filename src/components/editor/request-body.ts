/**
 * The editor's form state and how it becomes a request body. Validation is not
 * here: the editor runs the API's own `validateRequestShape` on what this builds.
 */
import type { InvalidParam } from '../../shared/errors';
import type {
  ExpandRequest,
  ExpandSides,
  InpaintRequest,
  MagicPrompt,
  PaletteMember,
  PalettePreset,
  RenderingSpeed,
  StyleType,
} from '../../request/types';

export type PaletteChoice =
  | { kind: 'none' }
  | { kind: 'preset'; name: PalettePreset }
  | { kind: 'custom'; members: Required<PaletteMember>[] };

export interface EditorForm {
  prompt: string;
  renderingSpeed: RenderingSpeed;
  /** '' leaves the field out (the API's default). */
  magicPrompt: MagicPrompt | '';
  styleType: StyleType | '';
  /** Raw text as typed; codes are separated by commas or spaces. */
  styleCodes: string;
  palette: PaletteChoice;
  seedMode: 'random' | 'locked';
  seed: number;
  numImages: number;
  styleReferences: Blob[];
  characterReferences: Blob[];
  /** '' lets the engine route. */
  model: string;
  /** Sends `metadata: 'strip-location'`; ticked when an opened photo has a GPS block. */
  removeLocation: boolean;
}

export function defaultForm(renderingSpeed: RenderingSpeed = 'DEFAULT'): EditorForm {
  return {
    prompt: '',
    renderingSpeed,
    magicPrompt: '',
    styleType: '',
    styleCodes: '',
    palette: { kind: 'none' },
    seedMode: 'random',
    seed: 0,
    numImages: 1,
    styleReferences: [],
    characterReferences: [],
    model: '',
    removeLocation: false,
  };
}

/** "1a2b3c4d, 00ff00ff" → ["1a2b3c4d", "00ff00ff"]. */
export function parseStyleCodes(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** The request body for the form, leaving out every field the person did not set. */
export function buildRequest(form: EditorForm, image: Blob, mask: Blob): InpaintRequest {
  const codes = parseStyleCodes(form.styleCodes);
  return {
    image,
    mask,
    prompt: form.prompt,
    rendering_speed: form.renderingSpeed,
    ...(form.magicPrompt ? { magic_prompt: form.magicPrompt } : {}),
    ...(form.styleType ? { style_type: form.styleType } : {}),
    ...(codes.length ? { style_codes: codes } : {}),
    ...(form.styleReferences.length ? { style_reference_images: form.styleReferences } : {}),
    ...(form.characterReferences.length ? { character_reference_images: form.characterReferences } : {}),
    ...(form.palette.kind === 'preset' ? { color_palette: { name: form.palette.name } } : {}),
    ...(form.palette.kind === 'custom' ? { color_palette: { members: form.palette.members.map((m) => ({ ...m })) } } : {}),
    ...(form.seedMode === 'locked' ? { seed: form.seed } : {}),
    num_images: form.numImages,
    ...(form.model.trim() ? { model: form.model.trim() } : {}),
    ...(form.removeLocation ? { metadata: 'strip-location' as const } : {}),
  };
}

/**
 * The expand request for the form (Expand mode): the same options, no mask, the
 * sides, and the prompt only when one was typed (it is optional there).
 */
export function buildExpandRequest(form: EditorForm, image: Blob, sides: ExpandSides): ExpandRequest {
  const { mask: _mask, prompt, ...rest } = buildRequest(form, image, image);
  return { ...rest, ...(prompt.trim() ? { prompt } : {}), ...sides };
}

/** Which form control a problem belongs to, by the contract's field name (`style_codes[1]` → `style_codes`). */
export function problemField(problem: InvalidParam): string {
  return problem.name.replace(/[[.].*$/, '');
}

/** Problems grouped by form field, each as "name reason" sentences. */
export function problemsByField(problems: InvalidParam[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of problems) {
    const field = problemField(p);
    map.set(field, [...(map.get(field) ?? []), `${p.name} ${p.reason}`]);
  }
  return map;
}
