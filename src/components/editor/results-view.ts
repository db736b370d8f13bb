/**
 * The results panel: gallery, before/after slider, downloads, "continue
 * editing", and the persisted task history. Stateless, like options-view.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { OUTPUT_FORMATS, type OutputFormat, type TaskStatus } from '../../request/types';
import { renderLicence } from './licence-note';

export interface EditorResult {
  blob: Blob;
  url: string;
  width: number;
  height: number;
  seed: number;
}

export interface HistoryItem {
  task_id: string;
  status: TaskStatus;
  created_at?: string;
  prompt?: string;
}

export interface ResultsViewProps {
  results: EditorResult[];
  selected: number;
  /** Object URL of the input the results were made from. */
  beforeUrl?: string;
  /** Slider position, 0–100 (% of the width showing the result). */
  compare: number;
  format: OutputFormat;
  /** The model that made the results (the task's `model`) and where it ran; its licence note shows with them. */
  model?: string;
  backend?: 'webgpu' | 'wasm';
  history: HistoryItem[];
  activeTask?: string;
  onSelect: (index: number) => void;
  onCompare: (value: number) => void;
  onFormat: (format: OutputFormat) => void;
  onDownload: () => void;
  onContinue: () => void;
  onLockSeed: (seed: number) => void;
  onOpenTask: (taskId: string) => void;
}

function historyList(props: ResultsViewProps): TemplateResult | typeof nothing {
  if (!props.history.length) return nothing;
  return html`<details class="history" part="history">
    <summary>Task history (${props.history.length})</summary>
    <ul>
      ${props.history.map(
        (t) =>
          html`<li>
            <button type="button" ?disabled=${t.status !== 'COMPLETED'} aria-current=${t.task_id === props.activeTask ? 'true' : 'false'} @click=${() => props.onOpenTask(t.task_id)}>
              <span class="status status-${t.status.toLowerCase()}">${t.status.replace('_', ' ').toLowerCase()}</span>
              ${t.prompt ?? t.task_id.slice(0, 8)} ${t.created_at ? html`<time datetime=${t.created_at}>${new Date(t.created_at).toLocaleString()}</time>` : nothing}
            </button>
          </li>`,
      )}
    </ul>
  </details>`;
}

/** Renders nothing but the history until there are results. */
export function renderResults(props: ResultsViewProps): TemplateResult {
  const current = props.results[props.selected];
  if (!current) return html`${historyList(props)}`;
  return html`
    <section class="results" part="results" aria-label="Results">
      <div class="compare" part="compare" style="--pos: ${props.compare}%; aspect-ratio: ${current.width} / ${current.height}">
        ${props.beforeUrl ? html`<img class="before" part="before" src=${props.beforeUrl} alt="Before" />` : nothing}
        <img class="after" part="after" src=${current.url} alt="Result ${props.selected + 1}, seed ${current.seed}" />
        <div class="divider" aria-hidden="true"></div>
        <input
          class="compare-range"
          type="range"
          min="0"
          max="100"
          .value=${String(props.compare)}
          aria-label="Before and after comparison: percent of the width showing the result"
          @input=${(e: Event) => props.onCompare(Number((e.target as HTMLInputElement).value))}
        />
      </div>
      ${props.results.length > 1
        ? html`<div class="gallery" part="gallery" role="listbox" aria-label="Generated images">
            ${props.results.map(
              (r, i) =>
                html`<button type="button" role="option" aria-selected=${i === props.selected} @click=${() => props.onSelect(i)}>
                  <img src=${r.url} alt="Result ${i + 1}, seed ${r.seed}" />
                </button>`,
            )}
          </div>`
        : nothing}
      <div class="result-actions">
        <span class="seed-used" part="seed-used"
          >Seed ${current.seed} · ${current.width}×${current.height}
          <button type="button" @click=${() => props.onLockSeed(current.seed)}>Lock this seed</button></span
        >
        <label
          >Format
          <select .value=${props.format} @change=${(e: Event) => props.onFormat((e.target as HTMLSelectElement).value as OutputFormat)}>
            ${OUTPUT_FORMATS.map((f) => html`<option value=${f} ?selected=${f === props.format}>${f.toUpperCase()}</option>`)}
          </select></label
        >
        <button type="button" part="download" @click=${props.onDownload}>Download</button>
        <button type="button" part="continue" @click=${props.onContinue}>Continue editing from this result</button>
      </div>
      ${props.model
        ? html`<p class="model-used" part="model-used">
            Made with <strong>${props.model}</strong>${props.backend ? html` on ${props.backend === 'webgpu' ? 'WebGPU' : 'WASM'}` : nothing}
          </p>`
        : nothing}
      ${renderLicence(props.model, 'result-licence', 'licence-result')}
    </section>
    ${historyList(props)}
  `;
}
