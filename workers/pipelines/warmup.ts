/**
 * Warm start (issue 15): what the first task would otherwise pay while the
 * person waits — ORT's module and its `.wasm` compile, the built-in graph, its
 * session, and the session of the cached learned model the route would pick —
 * paid in idle time instead. Never downloads: a learned model is warmed only
 * when its weights are cached, and read with a fetch that refuses (a corrupt
 * entry is left to the next task, which downloads it with progress). Yields:
 * between steps it stops as soon as a task runs (`busy()`); a step already
 * started (one session creation) is the only wait a task can see.
 */
import type { Backend, BackendPreference } from '../../src/shared/progress';
import type { OutputFormat, RenderingSpeed } from '../../src/request/types';
import { getModelFile } from '../cache';
import { backendOrder } from '../runtime/backend';
import { configureOrt, type OrtWasmUrls } from '../runtime/ort-env';
import type { LoadedSession, SessionManager } from '../runtime/sessions';
import { loadBuiltinSession } from './builtin-fill';
import { effectiveManifest, learnedModel, withModelBaseUrl, type ModelFileOverrides } from './learned-model';
import { FALLBACK_MODEL, selectModel } from './route';

export interface WarmupRequest {
  renderingSpeed: RenderingSpeed;
  backend: BackendPreference;
  modelFiles?: ModelFileOverrides;
  modelBaseUrl?: string;
  ortWasmUrls?: OrtWasmUrls;
  /** The output format the next task will use (default png): the rehearsal encodes to it. */
  outputFormat?: OutputFormat;
  /** The size of the image the next task will have: the rehearsal runs at it (see {@link rehearsalSize}). */
  size?: { width: number; height: number };
}

export interface WarmupResult {
  /** Session keys (as `diagnostics().sessions` lists them) that are loaded now because of this call or an earlier one. */
  sessions: string[];
  /** True when a task started and warm-up stopped before its last step. */
  yielded: boolean;
  /** True once a tiny rehearsal task (decode, model, composite, encode) ran through the same path (workers/api.ts). */
  rehearsed?: boolean;
  /**
   * The rehearsal's image size ({@link rehearsalSize}), once it ran; when this worker
   * already rehearsed at least that size for the same speed, format, backend and
   * sessions, the rehearsal is not repeated and this is the earlier size.
   */
  rehearsalSize?: { width: number; height: number };
  /** What could not be warmed (the next task reports it properly); empty when all went well. */
  errors: string[];
  ms: number;
}

export interface WarmupDeps {
  sessions: SessionManager;
  disabled: ReadonlySet<Backend>;
  /** True while a task runs in this worker. */
  busy: () => boolean;
  /** The learned models whose weights are cached (routing's view). */
  cached: () => Promise<Set<string>>;
}

const refuse: typeof fetch = async (input) => {
  throw new Error(`warm-up never downloads (${String(input)})`);
};

export async function warmModels(req: WarmupRequest, deps: WarmupDeps): Promise<WarmupResult> {
  const started = performance.now();
  const result: WarmupResult = { sessions: [], yielded: false, errors: [], ms: 0 };
  const done = () => ({ ...result, ms: performance.now() - started });
  configureOrt({ wasmUrls: req.ortWasmUrls });
  const order = await backendOrder(req.backend, deps.disabled as Set<Backend>);
  const load = async (key: string, backends: readonly Backend[], session: (backend: Backend) => Promise<LoadedSession>) => {
    const backend = order.find((b) => backends.includes(b)) ?? 'wasm';
    try {
      result.sessions.push((await session(backend)).key);
    } catch (err) {
      result.errors.push(`${key}@${backend}: ${String((err as Error)?.message ?? err)}`);
    }
  };
  const yielded = () => (result.yielded = deps.busy());

  if (yielded()) return done();
  // 1. ORT, the .wasm compile, the built-in graph and its session (the route's fallback, always needed).
  await load(`${FALLBACK_MODEL}/${req.renderingSpeed}`, effectiveManifest(FALLBACK_MODEL).backends, (backend) => loadBuiltinSession(deps.sessions, FALLBACK_MODEL, req.renderingSpeed, backend));
  if (yielded()) return done();
  // 2. The cached learned model a removal task at this speed would be routed to, if any.
  let learned: { key: string; backends: readonly Backend[]; bytes: () => Promise<Uint8Array> } | undefined;
  try {
    const route = selectModel({ prompt: 'remove', renderingSpeed: req.renderingSpeed }, await deps.cached());
    const manifest = route.modelId === FALLBACK_MODEL ? undefined : effectiveManifest(route.modelId, withModelBaseUrl(req.modelFiles, req.modelBaseUrl));
    if (manifest && manifest.files.length === 1 && !manifest.promptGuided) {
      const model = learnedModel(manifest, () => {});
      learned = { key: model.key, backends: manifest.backends, bytes: () => getModelFile(manifest.files[0], { modelId: manifest.id, fetch: refuse }) };
    }
  } catch (err) {
    result.errors.push(String((err as Error)?.message ?? err));
  }
  if (learned && !yielded()) await load(learned.key, learned.backends, (backend) => deps.sessions.load(learned.key, backend, learned.bytes));
  return done();
}

/** The rehearsal's longer side at most: past it, a bigger rehearsal costs more idle time than it saves. */
export const REHEARSAL_MAX_SIDE = 2048;

/**
 * The rehearsal's size for an image of `size`: that size, scaled down to
 * {@link REHEARSAL_MAX_SIDE} on its longer side; 64×48 when unknown. At the
 * image's own size the first real task finds ORT's heap grown to its size and
 * the pixel code (decode, texture, composite, encode) compiled on large inputs;
 * a tiny rehearsal left its first run 3–4× slower than the next ones
 * (`npm run bench -- --sections first`).
 *
 * @example
 * rehearsalSize({ width: 4000, height: 3000 }); // { width: 2048, height: 1536 }
 */
export function rehearsalSize(size?: { width: number; height: number }): { width: number; height: number } {
  if (!size) return { width: 64, height: 48 };
  const k = Math.min(1, REHEARSAL_MAX_SIDE / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * k)), height: Math.max(1, Math.round(size.height * k)) };
}

/**
 * The warm-up's rehearsal task at {@link rehearsalSize}: a JPEG with a gradient
 * and a fine stripe texture (so the texture stage has detail to copy), and a PNG
 * mask whose hole is the centre quarter of each side (about the corpus's brush
 * and blob holes: 1/16 of the area).
 */
export async function rehearsalInputs(size?: { width: number; height: number }): Promise<[Blob, Blob]> {
  const { width: w, height: h } = rehearsalSize(size);
  const image = new OffscreenCanvas(w, h);
  const g = image.getContext('2d')!;
  const gradient = g.createLinearGradient(0, 0, w, h);
  gradient.addColorStop(0, '#36c');
  gradient.addColorStop(1, '#c93');
  g.fillStyle = gradient;
  g.fillRect(0, 0, w, h);
  g.fillStyle = 'rgba(255, 255, 255, 0.15)';
  for (let x = 0; x < w; x += 6) g.fillRect(x, 0, 2, h);
  const mask = new OffscreenCanvas(w, h);
  const m = mask.getContext('2d')!;
  m.fillStyle = '#fff';
  m.fillRect(0, 0, w, h);
  m.fillStyle = '#000';
  const hw = Math.max(1, Math.round(w / 4));
  const hh = Math.max(1, Math.round(h / 4));
  m.fillRect(Math.floor((w - hw) / 2), Math.floor((h - hh) / 2), hw, hh);
  return Promise.all([image.convertToBlob({ type: 'image/jpeg', quality: 0.9 }), mask.convertToBlob({ type: 'image/png' })]);
}
