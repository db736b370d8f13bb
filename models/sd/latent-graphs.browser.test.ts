/**
 * Every latent graph runs wholly on onnxruntime-web's WebGPU provider
 * (SwiftShader here): a node left to the CPU provider would copy its inputs
 * through the CPU inside `run()`, a read back that no count outside ORT sees.
 * ORT says where it placed each node in its verbose session log.
 */
import * as ort from 'onnxruntime-web';
import { afterAll, expect, it } from 'vitest';
import { buildLatentGraph, type LatentGraph } from './latent-graphs';

const GRAPHS: LatentGraph[] = ['scale', 'mix', 'blend', 'sample9', 'step', 'step-cfg', 'step-blend', 'step-cfg-blend', 'pack-rgb'];
const level = ort.env.logLevel;
afterAll(() => void (ort.env.logLevel = level));

it('places every node of every latent graph on the WebGPU provider', async () => {
  const lines: string[] = [];
  // ORT's WebAssembly writes its log to stdout or stderr: console.log or console.error.
  const { log, error } = console;
  console.log = console.error = (...a: unknown[]) => void lines.push(a.map(String).join(' '));
  const placements: Record<string, string[]> = {};
  try {
    ort.env.logLevel = 'verbose';
    for (const name of GRAPHS) {
      lines.length = 0;
      const session = await ort.InferenceSession.create(buildLatentGraph(name), { executionProviders: ['webgpu'], logSeverityLevel: 0, graphOptimizationLevel: 'all' });
      await session.release();
      placements[name] = lines.filter((l) => /placed on \[/.test(l)).map((l) => l.replace(/^.*?(All nodes|Node\(s\)) placed on/, '$1 placed on').trim());
    }
  } finally {
    Object.assign(console, { log, error });
  }
  for (const name of GRAPHS) {
    expect(placements[name], name).toHaveLength(1);
    expect(placements[name][0], name).toMatch(/^All nodes placed on \[JsExecutionProvider\]/);
  }
});
