import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG, catalogModel } from './catalog';
import { MODELS } from './registry';
import { isDiffusionManifest } from './sd/manifest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files and packages a module loads at run time (type-only imports are erased), following relative imports. */
function runtimeImports(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, typeOnly, spec] of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
      if (typeOnly) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.endsWith('.ts') ? spec : `${spec}.ts`));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

describe('model catalog', () => {
  it('lists exactly the registered models, in the registry order', () => {
    expect(MODEL_CATALOG.map((m) => m.id)).toEqual(Object.keys(MODELS));
  });

  it('matches every manifest: family, licence, licence note, prompt, description, file count and bytes', () => {
    for (const m of Object.values(MODELS)) {
      const c = catalogModel(m.id)!;
      const copied = ['id', 'name', 'family', 'license', 'promptGuided', 'description'] as const;
      expect(copied.map((k) => c[k]), m.id).toEqual(copied.map((k) => m[k]));
      expect(c.licenceNote, m.id).toBe(isDiffusionManifest(m) ? m.diffusion.licenceNote : undefined);
      let bytes = 0;
      for (const f of m.files) bytes += f.bytes;
      expect([c.files, c.bytes, c.bytesEstimated], m.id).toEqual([m.files.length, bytes, m.files.some((f) => f.verifyFrom === 'hub' && f.sha256 === '')]);
      expect(Object.keys(c).sort(), m.id).toEqual([...copied, 'files', 'bytes', 'bytesEstimated', ...(c.licenceNote ? ['licenceNote'] : [])].sort());
      expect(c.name.length, m.id).toBeGreaterThan(0);
    }
  });

  it('has the sizes and licences the README states', () => {
    const facts = MODEL_CATALOG.map((m) => [m.id, m.name, m.bytes, m.bytesEstimated, m.license, !!m.licenceNote]);
    expect(facts).toEqual([
      ['builtin-fill', 'Built-in fill', 0, false, 'MIT', false],
      ['migan', 'MI-GAN', 28_079_181, false, 'MIT', false],
      ['lama', 'LaMa', 208_044_816, false, 'Apache-2.0', false],
      ['sd-turbo', 'SD-Turbo', 2_580_085_000, true, 'LicenseRef-stabilityai-non-commercial-research-community', true],
      ['sd15-inpainting', 'SD-1.5 inpainting', 2_135_085_000, true, 'CreativeML-OpenRAIL-M', true],
    ]);
    expect(catalogModel('sd-turbo')?.licenceNote).toContain('not for commercial use');
  });

  it('returns undefined for an unknown, empty or inherited id', () => {
    for (const id of ['no-such-model', '', undefined, 'toString']) expect(catalogModel(id), String(id)).toBeUndefined();
  });

  it('stays off the graph generator (models/build/onnx.ts), and so does the registry it is derived from (the page imports both)', () => {
    for (const entry of ['models/catalog.ts', 'models/registry.ts']) {
      const { files, packages } = runtimeImports(resolve(ROOT, entry));
      expect(files, entry).toContain('models/registry.ts');
      expect(files, entry).not.toContain('models/build/onnx.ts');
      expect(files, entry).not.toContain('models/builtin/graph.ts');
      expect(packages, entry).toEqual([]);
    }
    // The check itself sees a heavy import.
    expect(runtimeImports(resolve(ROOT, 'models/builtin/graph.ts')).files).toContain('models/build/onnx.ts');
  });
});
