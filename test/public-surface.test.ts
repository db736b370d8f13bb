/**
 * The package's public surface is what src/index.ts exports, and the README
 * documents all of it: every exported name, and every public member of
 * `InpaintClient`, appears in README.md in backticks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './import-graph';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const documented = (name: string) => new RegExp(`\`[^\`\\n]*\\b${name.replace(/\$/g, '\\$')}\\b[^\`\\n]*\``).test(README);

function publicSurface(): { exports: string[]; clientMembers: string[] } {
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, experimentalDecorators: true, skipLibCheck: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] };
  const entry = join(ROOT, 'src/index.ts');
  const program = ts.createProgram([entry], options);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const exports = checker.getExportsOfModule(module);
  const client = exports.find((s) => s.name === 'InpaintClient')!;
  const type = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(client));
  const clientMembers = type
    .getProperties()
    .filter((p) => {
      const decl = p.valueDeclaration ?? p.declarations?.[0];
      if (!decl || decl.getSourceFile().fileName !== join(ROOT, 'src/client/inpaint-client.ts')) return false;
      const mods = ts.getCombinedModifierFlags(decl as ts.Declaration);
      return !(mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !p.name.startsWith('#');
    })
    .map((p) => p.name);
  return { exports: exports.map((s) => s.name).sort(), clientMembers: clientMembers.sort() };
}

describe('public surface', () => {
  const surface = publicSurface();

  it('is read from src/index.ts (the check sees the client, its methods and the request types)', () => {
    expect(surface.exports).toEqual(expect.arrayContaining(['InpaintClient', 'InpaintError', 'InpaintRequest', 'RENDERING_SPEEDS']));
    expect(surface.clientMembers).toEqual(expect.arrayContaining(['submit', 'wait', 'releaseModels']));
  });

  it('keeps test-only hooks off the client', () => {
    expect(surface.clientMembers).not.toContain('loseWebgpuDevice');
  });

  it('documents every export and every public member of InpaintClient in the README', () => {
    expect(surface.exports.filter((n) => !documented(n))).toEqual([]);
    expect(surface.clientMembers.filter((n) => !documented(n))).toEqual([]);
  });
});
