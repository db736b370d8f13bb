/**
 * The request options of the editor's form (everything but the prompt), as a
 * template function: the editor owns the state and passes it in with one
 * `update` callback, so this file has no state of its own.
 */
import { html, nothing, type TemplateResult } from 'lit';
import {
  MAGIC_PROMPT_OPTIONS,
  MAX_CHARACTER_REFERENCES,
  MAX_NUM_IMAGES,
  MAX_PALETTE_MEMBERS,
  MAX_STYLE_REFERENCES,
  PALETTE_PRESETS,
  RENDERING_SPEEDS,
  SEED_MAX,
  STYLE_TYPES,
} from '../../request/types';
import { PALETTE_PRESET_COLOURS } from '../../request/palette-presets';
import { MODEL_CATALOG, catalogModel } from '../../../models/catalog';
import { modelLabel } from './model-choice';
import { unavailableNote } from './unavailable-view';
import type { DeviceSupport } from '../../shared/device-support';
import type { EditorForm, PaletteChoice } from './request-body';

export interface OptionsViewProps {
  form: EditorForm;
  /** Problems per contract field, from `validateRequestShape`. */
  problems: Map<string, string[]>;
  /** Object URLs of the reference thumbnails, parallel to the form's lists. */
  thumbs: { style: string[]; character: string[] };
  /** Ids of the models whose weights are cached; undefined when not known (the labels then leave it out). */
  cachedModels?: ReadonlySet<string>;
  /** The storage line under the Model select (cache size, site usage, persistence); empty = not known yet. */
  storage?: string;
  /** Which models this device can run (`client.deviceSupport()`); undefined while not known. */
  support?: DeviceSupport;
  update: (patch: Partial<EditorForm>) => void;
  /** Whether the open photo has a location (EXIF GPS or XMP GPS); undefined while unknown. */
  hasLocation?: boolean;
}

function errorsFor(id: string, list: string[] | undefined): TemplateResult | typeof nothing {
  if (!list?.length) return nothing;
  return html`<div class="field-error" id=${id} part="field-error">${list.map((m) => html`<div>${m}</div>`)}</div>`;
}

function select(label: string, id: string, value: string, options: readonly string[], onChange: (v: string) => void, unset?: string) {
  return html`<label class="field" for=${id}
    >${label}
    <select id=${id} .value=${value} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      ${unset !== undefined ? html`<option value="">${unset}</option>` : nothing}
      ${options.map((o) => html`<option value=${o} ?selected=${o === value}>${o.charAt(0) + o.slice(1).toLowerCase()}</option>`)}
    </select></label
  >`;
}

const AUTOMATIC_HINT = 'Uses a cached model that suits the prompt and speed, otherwise the built-in fill. Never downloads.';

/**
 * Automatic, then every registered model grouped by whether it follows the prompt. An id that is not
 * registered (only the `model` attribute can set one) shows as a disabled option, with the form error below.
 */
function modelSelect(props: OptionsViewProps): TemplateResult {
  const { form, problems, cachedModels, support, update } = props;
  const chosen = catalogModel(form.model);
  const errors = problems.get('model');
  const group = (label: string, promptGuided: boolean) =>
    html`<optgroup label=${label}>
      ${MODEL_CATALOG.filter((m) => m.promptGuided === promptGuided).map(
        (m) => {
          const runs = support?.models.find((s) => s.model === m.id)?.runnable !== false;
          return html`<option value=${m.id} ?selected=${m.id === form.model} ?disabled=${!runs}>${modelLabel(m, cachedModels, support)}</option>`;
        },
      )}
    </optgroup>`;
  return html`<label class="field" for="model"
      >Model
      <select
        id="model"
        part="model"
        .value=${form.model}
        aria-invalid=${errors ? 'true' : 'false'}
        aria-describedby="model-hint model-unavailable model-error"
        @change=${(e: Event) => update({ model: (e.target as HTMLSelectElement).value })}
      >
        <option value="" ?selected=${!form.model}>Automatic</option>
        ${group('Fill from the surroundings (ignore the prompt)', false)} ${group('Prompt-guided', true)}
        ${form.model && !chosen ? html`<option value=${form.model} selected disabled>${form.model} (not a registered model)</option>` : nothing}
      </select></label
    >
    <div class="hint model-hint" id="model-hint">${chosen ? chosen.description : form.model ? nothing : AUTOMATIC_HINT}</div>
    ${unavailableNote(support)} ${errorsFor('model-error', errors)}
    ${props.storage ? html`<div class="hint" part="storage">${props.storage}</div>` : nothing}`;
}

function references(props: OptionsViewProps, kind: 'style' | 'character'): TemplateResult {
  const key = kind === 'style' ? 'styleReferences' : 'characterReferences';
  const list = props.form[key];
  const max = kind === 'style' ? MAX_STYLE_REFERENCES : MAX_CHARACTER_REFERENCES;
  const field = kind === 'style' ? 'style_reference_images' : 'character_reference_images';
  const label = kind === 'style' ? 'Style references' : 'Character reference';
  const add = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = Array.from(input.files ?? []).filter((f) => f.type.startsWith('image/'));
    input.value = '';
    props.update({ [key]: [...list, ...files].slice(0, max) });
  };
  return html`<fieldset class="refs" part="references">
    <legend>${label} <span class="hint">(up to ${max})</span></legend>
    <ul class="thumbs">
      ${list.map(
        (_, i) =>
          html`<li>
            <img src=${props.thumbs[kind][i]} alt="${label} ${i + 1}" />
            <button type="button" aria-label="Remove ${label.toLowerCase()} ${i + 1}" @click=${() => props.update({ [key]: list.filter((__, j) => j !== i) })}>
              ×
            </button>
          </li>`,
      )}
    </ul>
    ${list.length < max
      ? html`<label class="file-button">Add image<input type="file" accept="image/png,image/jpeg,image/webp" ?multiple=${max > 1} @change=${add} /></label>`
      : nothing}
    ${errorsFor(`${field}-error`, props.problems.get(field))}
  </fieldset>`;
}

function palette(props: OptionsViewProps): TemplateResult {
  const choice = props.form.palette;
  const set = (palette: PaletteChoice) => props.update({ palette });
  const members = choice.kind === 'custom' ? choice.members : [];
  const setMember = (i: number, patch: Partial<{ color_hex: string; color_weight: number }>) =>
    set({ kind: 'custom', members: members.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  return html`<fieldset class="palette" part="palette">
    <legend>Colour palette</legend>
    <div class="swatches" role="radiogroup" aria-label="Palette preset">
      <button type="button" role="radio" aria-checked=${choice.kind === 'none'} class="swatch none" @click=${() => set({ kind: 'none' })}>None</button>
      ${PALETTE_PRESETS.map(
        (name) =>
          html`<button
            type="button"
            role="radio"
            class="swatch"
            aria-checked=${choice.kind === 'preset' && choice.name === name}
            aria-label=${name}
            title=${name}
            style="background: linear-gradient(90deg, ${PALETTE_PRESET_COLOURS[name].join(', ')})"
            @click=${() => set({ kind: 'preset', name })}
          ></button>`,
      )}
      <button type="button" role="radio" aria-checked=${choice.kind === 'custom'} class="swatch none" @click=${() => set({ kind: 'custom', members: members.length ? members : [{ color_hex: '#ff8800', color_weight: 1 }] })}>
        Custom
      </button>
    </div>
    ${choice.kind === 'custom'
      ? html`<ol class="members">
            ${members.map(
              (m, i) =>
                html`<li>
                  <input type="color" aria-label="Colour ${i + 1}" .value=${m.color_hex.length === 7 ? m.color_hex : '#000000'} @input=${(e: Event) => setMember(i, { color_hex: (e.target as HTMLInputElement).value })} />
                  <label>Weight <input type="number" min="0.05" max="1" step="0.05" .value=${String(m.color_weight)} @input=${(e: Event) => setMember(i, { color_weight: Number((e.target as HTMLInputElement).value) })} /></label>
                  <button type="button" aria-label="Remove colour ${i + 1}" @click=${() => set({ kind: 'custom', members: members.filter((_, j) => j !== i) })}>×</button>
                </li>`,
            )}
          </ol>
          ${members.length < MAX_PALETTE_MEMBERS
            ? html`<button type="button" @click=${() => set({ kind: 'custom', members: [...members, { color_hex: '#3366ff', color_weight: 0.5 }] })}>Add colour</button>`
            : nothing}`
      : nothing}
    ${errorsFor('color_palette-error', props.problems.get('color_palette'))}
  </fieldset>`;
}

/** Model, rendering speed, MagicPrompt, style, references, palette, seed, count and "remove location". */
export function renderOptions(props: OptionsViewProps): TemplateResult {
  const { form, problems, update } = props;
  const codeErrors = problems.get('style_codes');
  return html`
    ${modelSelect(props)}
    ${select('Rendering speed', 'speed', form.renderingSpeed, RENDERING_SPEEDS, (v) => update({ renderingSpeed: v as EditorForm['renderingSpeed'] }))}
    ${select('MagicPrompt', 'magic', form.magicPrompt, MAGIC_PROMPT_OPTIONS, (v) => update({ magicPrompt: v as EditorForm['magicPrompt'] }), 'Default')}
    ${select('Style type', 'style-type', form.styleType, STYLE_TYPES, (v) => update({ styleType: v as EditorForm['styleType'] }), 'Default')}
    ${errorsFor('style_type-error', problems.get('style_type'))}
    <label class="field" for="style-codes"
      >Style codes
      <input
        id="style-codes"
        part="style-codes"
        placeholder="e.g. 1a2b3c4d, 00ff00ff"
        autocomplete="off"
        spellcheck="false"
        .value=${form.styleCodes}
        aria-invalid=${codeErrors ? 'true' : 'false'}
        aria-describedby="style_codes-error"
        @input=${(e: Event) => update({ styleCodes: (e.target as HTMLInputElement).value })}
    /></label>
    ${errorsFor('style_codes-error', codeErrors)} ${references(props, 'style')} ${references(props, 'character')} ${palette(props)}
    <fieldset class="seed" part="seed">
      <legend>Seed</legend>
      <label><input type="radio" name="seed-mode" .checked=${form.seedMode === 'random'} @change=${() => update({ seedMode: 'random' })} /> Random</label>
      <label><input type="radio" name="seed-mode" .checked=${form.seedMode === 'locked'} @change=${() => update({ seedMode: 'locked' })} /> Locked</label>
      <input
        type="number"
        aria-label="Seed value"
        min="0"
        max=${SEED_MAX}
        .value=${String(form.seed)}
        ?disabled=${form.seedMode !== 'locked'}
        @input=${(e: Event) => update({ seed: Number((e.target as HTMLInputElement).value) })}
      />
      ${errorsFor('seed-error', problems.get('seed'))}
    </fieldset>
    <label class="field" for="count"
      >Number of images
      <input id="count" type="number" min="1" max=${MAX_NUM_IMAGES} .value=${String(form.numImages)} @input=${(e: Event) => update({ numImages: Number((e.target as HTMLInputElement).value) })}
    /></label>
    ${errorsFor('num_images-error', problems.get('num_images'))}
    <label class="check" part="remove-location"
      ><input
        id="remove-location"
        type="checkbox"
        .checked=${form.removeLocation}
        aria-describedby="remove-location-hint"
        @change=${(e: Event) => update({ removeLocation: (e.target as HTMLInputElement).checked })}
      />
      Remove location</label
    >
    <div class="hint" id="remove-location-hint">${locationHint(props.hasLocation)}</div>
  `;
}

/** Results keep the photo's EXIF and XMP (camera, date); this says whether a GPS position is among them. */
function locationHint(hasLocation: boolean | undefined): string {
  if (hasLocation === undefined) return 'Results keep the photo\'s camera details and date; ticked, they leave out its location.';
  return hasLocation
    ? 'This photo records where it was taken. Ticked, the results leave the location out (camera and date stay).'
    : 'This photo has no location. Results keep its camera details and date.';
}
