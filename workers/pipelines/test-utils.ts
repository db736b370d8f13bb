/**
 * Browser-side helpers for the learned-pipeline tests (test code only):
 * - `twinOverrides(run)`: manifest file overrides that point MI-GAN and LaMa at
 *   their generated twins on the model test server, with the bytes and sha256 of
 *   the twin as rebuilt here, so the real download → verify → cache → session
 *   path runs. A fresh `run` id gives URLs the cache has never seen.
 * - `twinClient()`: a WASM client on a fresh run's twins.
 * - `checkFill`: compares an output with its input around a rectangular hole.
 */
import { expect, inject } from 'vitest';
import { buildLamaTwin } from '../../models/build/lama-twin';
import { buildMiganTwin } from '../../models/build/migan-twin';
import { InpaintClient } from '../../src/client/inpaint-client';
import type { InpaintRequest, TaskResponse } from '../../src/request/types';
import type { Progress } from '../../src/shared/progress';
import type { ModelFileOverrides } from './learned-model';
import type { Hole } from '../../test/fixtures/images';
import { digestHex } from '../cache/test-utils';

export const MODEL_SERVER = inject('modelServer');

/** `{ migan: [twin file], lama: [twin file] }` for one run id. */
export async function twinOverrides(run: string): Promise<ModelFileOverrides> {
  const entry = async (name: string, bytes: Uint8Array) => [
    { name: 'model', url: `${MODEL_SERVER}/twin/${name}?run=${run}`, bytes: bytes.length, sha256: await digestHex(bytes) },
  ];
  return { migan: await entry('migan.onnx', buildMiganTwin()), lama: await entry('lama.onnx', buildLamaTwin()) };
}

/**
 * A WASM client without persistence whose MI-GAN and LaMa files are the twins
 * of a fresh run id (`only` keeps those of one family), with that id for
 * {@link twinRequests}. The caller disposes it.
 */
export async function twinClient(only?: 'migan' | 'lama'): Promise<{ run: string; client: InpaintClient; files: ModelFileOverrides }> {
  const run = crypto.randomUUID();
  const files = await twinOverrides(run);
  const modelFiles = only ? { [only]: files[only] } : files;
  return { run, files, client: new InpaintClient({ backend: 'wasm', persist: false, modelFiles }) };
}

/** Requests the model server saw for one twin file of one run. */
export async function twinRequests(name: string, run: string): Promise<{ url: string; range: string | null; status: number }[]> {
  const all = (await (await fetch(`${MODEL_SERVER}/__log?path=${encodeURIComponent(`/twin/${name}`)}`)).json()) as {
    url: string;
    range: string | null;
    status: number;
  }[];
  return all.filter((r) => r.url.endsWith(`run=${run}`));
}

export interface FillCheck {
  /** Pixels outside the hole whose RGBA differs from the input (must be 0). */
  changedOutside: number;
  /** Hole pixels deeper than `band` from the hole's edge that are not exactly `colour` (alpha kept). */
  wrongInside: number;
  insideChecked: number;
  /** Band pixels outside [min, max] of the colour and the known input pixels within 4·depth + 2·band + 2, ±2. */
  bandOutOfRange: number;
  bandChecked: number;
  /** First few mismatches, for failure messages. */
  examples: string[];
}

/**
 * @param band pixels within this chessboard distance of the hole's edge are only range-checked
 */
export function checkFill(
  input: Uint8ClampedArray,
  output: Uint8ClampedArray,
  width: number,
  height: number,
  hole: Hole,
  colour: readonly number[],
  band = 0,
): FillCheck {
  const r: FillCheck = { changedOutside: 0, wrongInside: 0, insideChecked: 0, bandOutOfRange: 0, bandChecked: 0, examples: [] };
  const note = (s: string) => r.examples.length < 5 && r.examples.push(s);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const inHole = x >= hole.x && x < hole.x + hole.width && y >= hole.y && y < hole.y + hole.height;
      const px = `(${x},${y}) in [${input.subarray(p, p + 4).join(',')}] out [${output.subarray(p, p + 4).join(',')}]`;
      if (!inHole) {
        if (input[p] !== output[p] || input[p + 1] !== output[p + 1] || input[p + 2] !== output[p + 2] || input[p + 3] !== output[p + 3]) {
          r.changedOutside++;
          note(`outside ${px}`);
        }
        continue;
      }
      const depth = Math.min(x - hole.x, hole.x + hole.width - 1 - x, y - hole.y, hole.y + hole.height - 1 - y) + 1;
      if (depth > band) {
        r.insideChecked++;
        if (output[p] !== colour[0] || output[p + 1] !== colour[1] || output[p + 2] !== colour[2] || output[p + 3] !== input[p + 3]) {
          r.wrongInside++;
          note(`inside ${px}`);
        }
        continue;
      }
      r.bandChecked++;
      for (let c = 0; c < 3; c++) {
        let lo = colour[c];
        let hi = colour[c];
        // The feather blends the fill with the hole's prefill, a mean of known pixels
        // in an aligned pull-push block, so within 4·depth (src/shared/prefill.ts), and
        // an upsampled fill reaches about `band` px further: never the hole's own content.
        const reach = 4 * depth + 2 * band + 2;
        for (let dy = -reach; dy <= reach; dy++) {
          for (let dx = -reach; dx <= reach; dx++) {
            const qx = Math.min(width - 1, Math.max(0, x + dx));
            const qy = Math.min(height - 1, Math.max(0, y + dy));
            if (qx >= hole.x && qx < hole.x + hole.width && qy >= hole.y && qy < hole.y + hole.height) continue;
            const q = (qy * width + qx) * 4 + c;
            lo = Math.min(lo, input[q]);
            hi = Math.max(hi, input[q]);
          }
        }
        if (output[p + c] < lo - 2 || output[p + c] > hi + 2) {
          r.bandOutOfRange++;
          note(`band ${px}`);
          break;
        }
      }
    }
  }
  return r;
}

/** Submits `body`, waits for it, and expects it COMPLETED; returns the final task and every progress event. */
export async function runTask(client: InpaintClient, body: InpaintRequest): Promise<{ done: TaskResponse; events: Progress[] }> {
  const events: Progress[] = [];
  const { data } = await client.submit(body);
  const done = await client.wait(data.task_id, { onProgress: (_, e) => e && events.push(e) });
  expect(done.data.status, done.data.error?.message).toBe('COMPLETED');
  return { done, events };
}
