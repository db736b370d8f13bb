import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { buildLamaTwin } from '../../models/build/lama-twin';
import { buildMiganTwin } from '../../models/build/migan-twin';
import { getModel } from '../../models/registry';
import { InpaintError } from '../../src/shared/errors';
import { checkContract, effectiveManifest, withModelBaseUrl, type SessionIo } from './learned-model';

ort.env.wasm.numThreads = 1;

const session = async (bytes: Uint8Array) => (await ort.InferenceSession.create(bytes)) as unknown as SessionIo;

describe('checkContract', () => {
  it('accepts each twin against its own manifest (names and dtypes from the session metadata)', async () => {
    const migan = await session(buildMiganTwin());
    expect(migan.inputMetadata?.map((m) => [m.name, m.type])).toEqual([['image', 'uint8'], ['mask', 'uint8']]);
    expect(() => checkContract(getModel('migan'), migan)).not.toThrow();
    const lama = await session(buildLamaTwin());
    expect(() => checkContract(getModel('lama'), lama)).not.toThrow();
  });

  it('rejects a file with another contract with model_integrity, naming expected vs actual', async () => {
    let err: unknown;
    try {
      checkContract(getModel('migan'), await session(buildLamaTwin()));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InpaintError);
    expect((err as InpaintError).code).toBe('model_integrity');
    const message = (err as InpaintError).message;
    expect(message).toContain('input "image" is float32, expected uint8');
    expect(message).toContain('input "mask" is float32, expected uint8');
    expect(message).toContain('output "output" is float32, expected uint8');
    expect(message).toContain('Expected inputs (image: uint8, mask: uint8) → outputs (result: uint8)');
    expect(message).toContain('the session has inputs (image: float32, mask: float32) → outputs (output: float32)');
  });

  it('reports missing and unexpected inputs by name', () => {
    let err: unknown;
    try {
      checkContract(getModel('lama'), { inputNames: ['img', 'mask'], outputNames: ['output'] });
    } catch (e) {
      err = e;
    }
    expect((err as InpaintError).message).toMatch(/input "image" is missing; unexpected inputs "img"/);
  });
});

describe('effectiveManifest', () => {
  it('replaces only the files of the overridden model', () => {
    const file = { name: 'model', url: 'http://127.0.0.1:1/twin/lama.onnx', bytes: 10, sha256: 'a'.repeat(64) };
    expect(effectiveManifest('lama', { lama: [file] }).files).toEqual([file]);
    expect(effectiveManifest('lama', { lama: [file] }).io).toBe(getModel('lama').io);
    expect(effectiveManifest('migan', { lama: [file] })).toBe(getModel('migan'));
  });
});

describe('withModelBaseUrl', () => {
  it('maps every registered weight file to the base URL by file name, keeping bytes and sha256', () => {
    const out = withModelBaseUrl(undefined, 'https://cdn.example.com/weights')!;
    expect(out.lama).toEqual([{ ...getModel('lama').files[0], url: 'https://cdn.example.com/weights/lama_fp32.onnx' }]);
    expect(out.migan[0].url).toBe('https://cdn.example.com/weights/migan_pipeline_v2.onnx');
    expect(out.migan[0].sha256).toBe(getModel('migan').files[0].sha256);
    expect(out['builtin-fill']).toBeUndefined();
  });

  it("keeps a Hub file's folder under the model's id, so no two diffusion files share a URL", () => {
    const out = withModelBaseUrl(undefined, 'https://cdn.example.com/weights/')!;
    const turbo = Object.fromEntries(out['sd-turbo'].map((f) => [f.name, f.url]));
    expect(turbo.unet).toBe('https://cdn.example.com/weights/sd-turbo/unet/model.onnx');
    expect(turbo.vocab).toBe('https://cdn.example.com/weights/sd-turbo/tokenizer/vocab.json');
    const urls = Object.values(out).flatMap((files) => files.map((f) => f.url));
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('lets explicit per-model files win, and is a no-op without a base URL', () => {
    const mine = { lama: [{ name: 'model', url: 'http://127.0.0.1/x.onnx', bytes: 3, sha256: 'ab'.repeat(32) }] };
    expect(withModelBaseUrl(mine, 'https://cdn.example.com/w/')!.lama).toBe(mine.lama);
    expect(withModelBaseUrl(mine, undefined)).toBe(mine);
  });
});
