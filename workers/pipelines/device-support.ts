/**
 * Which registered models this device can run, known before any download:
 * the same facts the diffusion pipeline checks when it starts
 * (diffusion/requirements.ts: WebGPU's shader-f16 and buffer limits, memory
 * per backend) plus the backend choice (`backendOrder`: `auto` leaves a
 * software adapter out), turned into one plain sentence per model for a
 * person ("needs a graphics card with 16-bit float support") with the
 * technical sentences kept per backend as details.
 *
 * `modelSupport` is pure (Node-tested with made-up facts); `deviceSupport`
 * probes this worker's device.
 */
import type { ModelManifest } from '../../models/manifest';
import { MODELS } from '../../models/registry';
import { isDiffusionManifest, type DiffusionManifest } from '../../models/sd/manifest';
import type { RenderingSpeed } from '../../src/request/types';
import type { BackendSupport, DeviceFacts, DeviceSupport, ModelSupport } from '../../src/shared/device-support';
import { InpaintError } from '../../src/shared/errors';
import type { Backend, BackendPreference } from '../../src/shared/progress';
import { probeBackends, type BackendProbe } from '../runtime/backend';
import {
  adapterFacts,
  estimateMemory,
  hostFacts,
  memoryShortfalls,
  webgpuRequirementsApply,
  webgpuShortfalls,
  type AdapterFacts,
  type HostFacts,
  type Shortfall,
} from './diffusion/requirements';
import { effectiveManifest, type ModelFileOverrides } from './learned-model';

/** A shortfall, or a reason the client would not use a backend at all. */
type Finding = Shortfall | { kind: 'software-adapter' | 'not-chosen'; message: string; needBytes?: undefined; haveBytes?: undefined };

/** Everything the check reads of the device. */
export interface SupportFacts {
  probe: BackendProbe;
  adapter?: AdapterFacts;
  host: HostFacts;
}

const GB = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** The served speed with the smallest working size: the most a device could be asked to hold least. */
function lightestSpeed(manifest: DiffusionManifest): RenderingSpeed {
  const speeds = manifest.diffusion.speeds;
  return (Object.keys(manifest.serves) as RenderingSpeed[]).sort((a, b) => speeds[a].resolution - speeds[b].resolution)[0];
}

function webgpuFindings(manifest: ModelManifest, preference: BackendPreference, facts: SupportFacts): Finding[] {
  const out: Finding[] = [];
  if (preference === 'wasm') out.push({ kind: 'not-chosen', message: 'the client runs models on WASM only (backend "wasm")' });
  if (!facts.probe.webgpu) out.push({ kind: 'no-adapter', message: `no WebGPU: ${facts.probe.webgpuReason ?? 'no adapter'}` });
  else if (facts.probe.fallbackAdapter && preference === 'auto') {
    out.push({ kind: 'software-adapter', message: 'the only WebGPU adapter renders in software (not a graphics card), and backend "auto" does not use it' });
  }
  if (!isDiffusionManifest(manifest)) return out;
  if (facts.probe.webgpu && webgpuRequirementsApply(manifest)) out.push(...webgpuShortfalls(manifest, facts.adapter));
  out.push(...memoryShortfalls(estimateMemory(manifest, 'webgpu', manifest.diffusion.speeds[lightestSpeed(manifest)].resolution), facts.host));
  return out;
}

function wasmFindings(manifest: ModelManifest, facts: SupportFacts): Finding[] {
  if (!isDiffusionManifest(manifest)) return [];
  return memoryShortfalls(estimateMemory(manifest, 'wasm', manifest.diffusion.speeds[lightestSpeed(manifest)].resolution), facts.host);
}

/**
 * The plain sentence for a model no backend can run: what a person would need,
 * the most basic need first (a graphics card before its buffer sizes, before memory).
 */
function plainReason(manifest: ModelManifest, findings: ReadonlyMap<Backend, Finding[]>): string {
  const webgpu = findings.get('webgpu') ?? [];
  const all = [...findings.values()].flat();
  const has = (list: Finding[], ...kinds: Finding['kind'][]) => list.find((f) => kinds.includes(f.kind));
  const f16 = isDiffusionManifest(manifest) && manifest.diffusion.webgpu.shaderF16;
  if (has(webgpu, 'no-adapter', 'software-adapter', 'shader-f16')) return f16 ? 'needs a graphics card with 16-bit float support' : 'needs a graphics card (WebGPU)';
  const buffer = has(webgpu, 'buffer-limit');
  if (buffer) return `needs a graphics card that allows ${GB(buffer.needBytes!)} buffers (this one allows ${GB(buffer.haveBytes!)})`;
  if (has(webgpu, 'not-chosen') && !has(webgpu, 'device-memory')) return 'needs WebGPU, and this page runs models on WASM only';
  const memory = all.filter((f) => f.kind === 'device-memory').sort((a, b) => a.needBytes! - b.needBytes!)[0];
  if (memory) return `needs about ${GB(memory.needBytes!)} of memory, and this device reports ${GB(memory.haveBytes!)}`;
  if (has(all, 'wasm-heap')) return 'needs more memory than a browser gives WebAssembly (4.3 GB)';
  return `needs what this device lacks: ${all.map((f) => f.message).join('; ')}`;
}

/**
 * Whether a model (as the client resolves its files) can run here with the
 * client's backend preference, and why not.
 *
 * @example
 * modelSupport(getModel('sd-turbo'), 'auto', { probe: { webgpu: true, fallbackAdapter: true }, adapter, host }).reason;
 * // 'needs a graphics card with 16-bit float support'
 */
export function modelSupport(manifest: ModelManifest, preference: BackendPreference, facts: SupportFacts): ModelSupport {
  const findings = new Map<Backend, Finding[]>();
  for (const backend of manifest.backends) findings.set(backend, backend === 'webgpu' ? webgpuFindings(manifest, preference, facts) : wasmFindings(manifest, facts));
  const details: BackendSupport[] = [...findings].map(([backend, list]) => ({ backend, usable: list.length === 0, problems: list.map((f) => f.message) }));
  const runnable = details.some((d) => d.usable);
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  return { model: manifest.id, runnable, ...(runnable ? {} : { reason: plainReason(manifest, findings) }), details, bytes };
}

/** The probed facts, in the shape the client returns. */
function deviceFacts(facts: SupportFacts): DeviceFacts {
  const info = facts.probe.adapterInfo;
  const adapter = info ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') : undefined;
  return {
    webgpu: facts.probe.webgpu,
    ...(facts.probe.webgpuReason ? { webgpuReason: facts.probe.webgpuReason } : {}),
    softwareAdapter: !!facts.probe.fallbackAdapter,
    ...(adapter ? { adapter } : {}),
    shaderF16: !!facts.adapter?.features.includes('shader-f16'),
    ...(facts.adapter ? { maxBufferSize: facts.adapter.maxBufferSize, maxStorageBufferBindingSize: facts.adapter.maxStorageBufferBindingSize } : {}),
    ...(facts.host.deviceMemoryGiB !== undefined ? { deviceMemoryGiB: facts.host.deviceMemoryGiB } : {}),
  };
}

/**
 * Probes this worker's device and checks every registered model against it.
 *
 * @example
 * const { models } = await deviceSupport('auto', job.modelFiles);
 */
export async function deviceSupport(preference: BackendPreference, overrides?: ModelFileOverrides): Promise<DeviceSupport> {
  const probe = await probeBackends();
  const facts: SupportFacts = { probe, adapter: probe.webgpu ? await adapterFacts() : undefined, host: hostFacts() };
  return { device: deviceFacts(facts), models: Object.keys(MODELS).map((id) => modelSupport(effectiveManifest(id, overrides), preference, facts)) };
}

/**
 * The error for a model this device cannot run: the plain sentence first, the
 * technical findings per backend after it and in `details`.
 *
 * @example
 * if (!support.runnable) throw unsupportedModelError(support);
 */
export function unsupportedModelError(support: ModelSupport): InpaintError {
  const technical = support.details.map((d) => `${d.backend}: ${d.problems.join('; ')}`).join('. ');
  return new InpaintError('backend_unavailable', `This device cannot run "${support.model}": it ${support.reason}. Details: ${technical}.`, {
    details: { model: support.model, reason: support.reason, backends: support.details },
  });
}
