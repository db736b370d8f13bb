/** Which onnxruntime-web execution provider actually ran. */
export type Backend = 'webgpu' | 'wasm';
/** What the caller asks for; `auto` tries WebGPU with a real adapter, then WASM. */
export type BackendPreference = 'auto' | Backend;

/**
 * Progress of one task, as a discriminated union (transformers.js style).
 * `initiate` → (`download` → `verify`)? → `ready` → `step`* → `done`.
 */
export type Progress =
  | { status: 'initiate'; model: string }
  | {
      status: 'download';
      model: string;
      /** The file's name: its path in a Hub repository (`unet/model.onnx`), else the URL's last segment. */
      file: string;
      loaded: number;
      total: number;
      /**
       * Bytes over all files of a multi-file model in this load: a cached file counts as loaded once this load has read and
       * verified it (one whose session is already loaded is never read, and counts as not loaded); a Hub file's total is its
       * estimate until its own download starts, so `overall.total` can change.
       */
      overall?: { loaded: number; total: number };
    }
  | { status: 'verify'; model: string; file: string }
  | { status: 'ready'; model: string; backend: Backend }
  | { status: 'step'; index: number; total: number }
  | { status: 'done' };

export type ProgressCallback = (progress: Progress) => void;
