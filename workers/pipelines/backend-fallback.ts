/**
 * Per-model backend fallback. A model that fails on WebGPU (not a device loss,
 * which disables WebGPU for every model) is retried on WASM and remembered, so
 * later jobs of that model in this worker go straight to WASM and say why.
 *
 * The case that forced this: Carve's `lama_fp32.onnx` fails on the older JSEP
 * WebGPU backend with an Add whose input shapes do not broadcast, while it runs
 * on WASM (issue 4).
 */
import type { Backend } from '../../src/shared/progress';
import { InpaintError, isAbortError } from '../../src/shared/errors';

/** One failed or skipped backend, as reported on the task's `fallbacks`. */
export interface FallbackRecord {
  backend: Backend;
  message: string;
}

/**
 * Matches the JSEP failure of LaMa: an Add kernel whose inputs do not broadcast
 * (JSEP's binary ops throw "Can't perform binary op on the given tensors").
 */
const LAMA_JSEP_ADD = /\bAdd\b[\s\S]*(shape|broadcast|dimension|binary op)|(shape|broadcast|dimension|binary op)[\s\S]*\bAdd\b/i;

/**
 * True for the known upstream LaMa export failure on JSEP WebGPU.
 *
 * @example
 * isKnownLamaWebgpuFailure('[WebGPU] Kernel "[Add] /Add_3" failed. Error: Can\'t perform binary op on the given tensors'); // true
 */
export function isKnownLamaWebgpuFailure(message: string): boolean {
  return LAMA_JSEP_ADD.test(message);
}

/**
 * Errors that retrying on another backend cannot fix: bad input, missing or
 * corrupt weights, a full disk, cancellation.
 */
export function isBackendIndependent(err: unknown): boolean {
  if (isAbortError(err)) return true;
  if (!(err instanceof InpaintError)) return false;
  return ['image_decode', 'invalid_request', 'model_not_found', 'model_fetch', 'model_integrity', 'cache_quota'].includes(err.code);
}

/** Which backends failed for which model, for the worker's lifetime. */
export class BackendMemory {
  private readonly failed = new Map<string, Map<Backend, string>>();

  /** Records that `modelId` failed on `backend` (only WebGPU is remembered: WASM is the last resort). */
  remember(modelId: string, backend: Backend, message: string): void {
    if (backend !== 'webgpu') return;
    let entry = this.failed.get(modelId);
    if (!entry) this.failed.set(modelId, (entry = new Map()));
    entry.set(backend, message);
  }

  /**
   * `order` without the backends this model failed on, and a record for each one
   * left out, so the task says why it ran where it did.
   */
  filter(modelId: string, order: readonly Backend[]): { order: Backend[]; skipped: FallbackRecord[] } {
    const entry = this.failed.get(modelId);
    if (!entry) return { order: [...order], skipped: [] };
    const skipped: FallbackRecord[] = [];
    const kept = order.filter((b) => {
      const why = entry.get(b);
      if (why === undefined) return true;
      skipped.push({ backend: b, message: `not tried: "${modelId}" failed on ${b} earlier in this worker (${why})` });
      return false;
    });
    // Never leave a model with nothing to run on.
    return kept.length ? { order: kept, skipped } : { order: [...order], skipped: [] };
  }
}

/** The message recorded for a failure, naming the known LaMa issue when it is that one. */
export function describeFailure(modelId: string, backend: Backend, err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  if (backend === 'webgpu' && modelId === 'lama' && isKnownLamaWebgpuFailure(message)) {
    return `${message} [known upstream issue: this LaMa export fails on JSEP WebGPU (Add with mismatched shapes); using WASM for it]`;
  }
  return message;
}
