import { describe, expect, it } from 'vitest';
import { getModel } from './registry';
import { LAMA_MANIFEST } from './lama/manifest';
import { MIGAN_MANIFEST } from './migan/manifest';
import type { ModelManifest } from './manifest';

/**
 * The published facts of each single-file learned model (issue 4): the URL,
 * size and sha256 its loader verifies, its licence, and the I/O contract its
 * pipeline and twin follow. One row per model; a new family adds a row.
 */
const FACTS: readonly {
  manifest: ModelManifest;
  license: string;
  file: { url: string; bytes: number; sha256: string };
  inputs: [string, string, (number | string)[], RegExp][];
  output: [string, string, (number | string)[], RegExp | undefined];
  fixedSize?: { width: number; height: number };
}[] = [
  {
    manifest: MIGAN_MANIFEST,
    license: 'MIT',
    file: {
      url: 'https://huggingface.co/andraniksargsyan/migan/resolve/main/migan_pipeline_v2.onnx',
      bytes: 28079181,
      sha256: '6f1f3530a1a2324b19752018ce756088b07973cda8d7d890034ace5c8a48c40b',
    },
    inputs: [
      ['image', 'uint8', [1, 3, 'H', 'W'], /bytes 0\.\.255/],
      ['mask', 'uint8', [1, 1, 'H', 'W'], /255 = known.*0 = hole/],
    ],
    output: ['result', 'uint8', [1, 3, 'H', 'W'], undefined],
  },
  {
    manifest: LAMA_MANIFEST,
    license: 'Apache-2.0',
    file: {
      url: 'https://huggingface.co/Carve/LaMa-ONNX/resolve/main/lama_fp32.onnx',
      bytes: 208044816,
      sha256: '1faef5301d78db7dda502fe59966957ec4b79dd64e16f03ed96913c7a4eb68d6',
    },
    inputs: [
      ['image', 'float32', [1, 3, 512, 512], /0\.\.1/],
      ['mask', 'float32', [1, 1, 512, 512], /1 = hole/],
    ],
    output: ['output', 'float32', [1, 3, 512, 512], /0\.\.255 \(not 0\.\.1\).*composited/],
    fixedSize: { width: 512, height: 512 },
  },
];

describe.each(FACTS)('$manifest.name manifest', ({ manifest, license, file, inputs, output, fixedSize }) => {
  it('holds exactly the published facts (URL, size, sha256, licence, I/O contract)', () => {
    const m = getModel(manifest.id);
    expect(m).toBe(manifest);
    expect(m.family).toBe(manifest.id);
    expect(m.license).toBe(license);
    expect(m.files).toEqual([{ name: 'model', ...file }]);
    expect(m.io.inputs.map((t) => [t.name, t.dtype, t.shape])).toEqual(inputs.map(([n, d, s]) => [n, d, s]));
    inputs.forEach(([, , , values], i) => expect(m.io.inputs[i].values).toMatch(values));
    expect(m.io.outputs.map((t) => [t.name, t.dtype, t.shape])).toEqual([output.slice(0, 3)]);
    if (output[3]) expect(m.io.outputs[0].values).toMatch(output[3]);
    expect(m.io.fixedSize).toEqual(fixedSize);
    expect(m.promptGuided).toBe(false);
  });
});
