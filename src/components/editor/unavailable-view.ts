/**
 * Under the Model select: the models this device cannot run, in one plain
 * sentence per reason ("SD-Turbo and SD-1.5 inpainting need a graphics card
 * with 16-bit float support"), with the technical findings (per model and
 * backend, and what the device reported) behind a "Details" disclosure.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { catalogModel } from '../../../models/catalog';
import type { DeviceFacts, DeviceSupport, ModelSupport } from '../../shared/device-support';

const BACKEND = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

/** "A", "A and B", "A, B and C". */
function list(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * One sentence per distinct reason, e.g. "Not on this device: SD-Turbo and SD-1.5 inpainting need a graphics card with 16-bit float support."
 *
 * @example
 * unavailableSentences(support); // ['Not on this device: SD-Turbo needs a graphics card with 16-bit float support.']
 */
export function unavailableSentences(support: DeviceSupport | undefined): string[] {
  const byReason = new Map<string, string[]>();
  for (const m of support?.models ?? []) {
    if (m.runnable || !m.reason) continue;
    byReason.set(m.reason, [...(byReason.get(m.reason) ?? []), catalogModel(m.model)?.name ?? m.model]);
  }
  return [...byReason].map(([reason, names]) => `Not on this device: ${list(names)} ${names.length > 1 ? reason.replace(/^needs\b/, 'need') : reason}.`);
}

/** What the device reported, in one line. */
export function deviceLine(d: DeviceFacts): string {
  const gpu = d.webgpu
    ? `WebGPU adapter ${d.adapter ? `"${d.adapter}"` : '(unnamed)'}${d.softwareAdapter ? ', which renders in software' : ''}; shader-f16 ${d.shaderF16 ? 'yes' : 'no'}` +
      (d.maxStorageBufferBindingSize !== undefined ? `; largest storage buffer ${d.maxStorageBufferBindingSize} bytes, largest buffer ${d.maxBufferSize} bytes` : '')
    : `no WebGPU (${d.webgpuReason ?? 'no adapter'})`;
  const memory = d.deviceMemoryGiB !== undefined ? `; device memory ${d.deviceMemoryGiB} GiB (navigator.deviceMemory)` : '';
  return `This device: ${gpu}${memory}.`;
}

function modelDetails(m: ModelSupport): TemplateResult {
  return html`<li>
    <strong>${catalogModel(m.model)?.name ?? m.model}</strong>:
    ${m.details.map((d) => html`<span class="backend">${BACKEND[d.backend]}: ${d.usable ? 'usable' : d.problems.join('; ')}.</span> `)}
  </li>`;
}

/** The note (part `model-unavailable`), or nothing when every model runs here or the check is not known. */
export function unavailableNote(support: DeviceSupport | undefined): TemplateResult | typeof nothing {
  const sentences = unavailableSentences(support);
  if (!support || sentences.length === 0) return nothing;
  return html`<div class="hint unavailable" id="model-unavailable" part="model-unavailable">
    ${sentences.map((s) => html`<p>${s}</p>`)}
    <details part="model-unavailable-details">
      <summary>Details</summary>
      <p>${deviceLine(support.device)}</p>
      <ul>
        ${support.models.filter((m) => !m.runnable).map(modelDetails)}
      </ul>
    </details>
  </div>`;
}
