/**
 * The layout's rules (STYLE.md, "Imports point one way"), checked over the real
 * import graph: no cycles, type-only imports included; the worker reaches no UI
 * or client code; and worker code type-checks without the DOM.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, domGlobalsUsed, domOnlyGlobals, findCycles, importGraph, reachable } from './import-graph';

const graph = importGraph();

describe('import graph', () => {
  it('reads type-only imports, re-exports and the worker URL import as edges', () => {
    expect(graph.get('workers/pipelines/learned-run.ts')).toContain('workers/pipelines/contract.ts');
    expect(graph.get('src/shared/pixels.ts')).toContain('src/shared/pixels-feather.ts');
    expect(graph.get('src/client/worker-bridge.ts')).toContain('workers/inpaint.worker.ts');
  });

  it('finds a cycle when there is one (the check can fail)', () => {
    const withCycle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(findCycles(withCycle)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('has no cycle in src/, workers/, models/, test/ or bench/', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(findCycles(graph)).toEqual([]);
  });

  it('gives the pipelines their contract from workers/pipelines/, never from the worker API that runs them', () => {
    const pipelines = [...graph.keys()].filter((f) => f.startsWith('workers/pipelines/'));
    expect(pipelines.filter((f) => graph.get(f)!.includes('workers/api.ts'))).toEqual([]);
  });

  it('keeps the worker free of UI and client code', () => {
    const worker = [...reachable(graph, 'workers/inpaint.worker.ts')];
    expect(worker).toContain('workers/pipelines/builtin-fill.ts');
    expect(worker.filter((f) => /^src\/(components|client|demo|events)\//.test(f))).toEqual([]);
  });
});

describe('worker realm', () => {
  // tsc -p tsconfig.worker.json (npm test) checks the same files with the WebWorker library and no DOM;
  // this is the quick, syntax-level version of that check, with the reason in its message.
  const domOnly = domOnlyGlobals();
  const domUse = (files: Iterable<string>) =>
    [...files].flatMap((f) => domGlobalsUsed(f, readFileSync(join(ROOT, f), 'utf8'), domOnly).map((name) => `${f}: ${name}`));

  it('knows the DOM-only globals (and not the ones a worker has)', () => {
    expect([...domOnly]).toEqual(expect.arrayContaining(['document', 'window', 'HTMLElement', 'HTMLCanvasElement', 'customElements']));
    expect([...domOnly]).not.toEqual(expect.arrayContaining(['OffscreenCanvas']));
    expect(domOnly.has('self') || domOnly.has('fetch') || domOnly.has('createImageBitmap') || domOnly.has('ImageData')).toBe(false);
  });

  it('no file the worker imports needs the DOM', () => {
    const worker = reachable(graph, 'workers/inpaint.worker.ts');
    const underWorkers = [...graph.keys()].filter((f) => f.startsWith('workers/') && !/\.test\.ts$|test-utils\.ts$/.test(f));
    expect(domUse(new Set([...worker, ...underWorkers]))).toEqual([]);
  });

  it('flags a module that needs the DOM (the check can fail)', () => {
    const layer = 'src/components/mask-canvas/mask-layer.ts';
    expect(domUse([layer])).toEqual(expect.arrayContaining([`${layer}: document`]));
    const probe = 'const el: HTMLElement = document.body; const note = { document: 1 }.document; function f(window: number) { return window; }';
    expect(domGlobalsUsed('probe.ts', probe, domOnly)).toEqual(['HTMLElement', 'document']);
  });
});
