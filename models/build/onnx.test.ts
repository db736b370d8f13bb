import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, float } from './onnx';

ort.env.wasm.numThreads = 1;

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>) {
  const session = await ort.InferenceSession.create(bytes);
  return session.run(feeds);
}

describe('GraphBuilder', () => {
  it('writes a model that onnxruntime runs: Add with a broadcast initializer', async () => {
    const g = new GraphBuilder('add');
    const a = g.input('a', 'float32', [1, 'N']);
    const b = g.initializer('b', new Float32Array([10, 20, 30]), [1, 3]);
    g.output(g.op('Add', [a, b], 'sum'), 'float32', [1, 'N']);
    const out = await run(g.toBytes(), { a: new ort.Tensor('float32', new Float32Array([1, 2, 3]), [1, 3]) });
    expect(Array.from(out.sum.data as Float32Array)).toEqual([11, 22, 33]);
    expect(out.sum.dims).toEqual([1, 3]);
  });

  it('encodes int, ints, float and string attributes and int64/int32/uint8 tensors', async () => {
    const g = new GraphBuilder('attrs');
    const x = g.input('x', 'float32', [2, 3]);
    // LeakyRelu.alpha is FLOAT; Transpose.perm is INTS; Concat.axis is INT.
    const leaky = g.op('LeakyRelu', [x], undefined, { alpha: float(0.5) });
    const t = g.op('Transpose', [leaky], undefined, { perm: [1, 0] }); // [3, 2]
    const shape = g.initializer('shape', BigInt64Array.from([2n, 3n]), [2]);
    const back = g.op('Reshape', [t, shape]);
    const extra = g.op('Cast', [g.initializer('u8', new Uint8Array([7, 8, 9]), [1, 3])], undefined, { to: 1 });
    const cat = g.op('Concat', [back, extra], 'cat', { axis: 0 });
    const ints = g.initializer('i32', new Int32Array([-4, 5]), [2]);
    g.op('Cast', [ints], 'i32_as_float', { to: 1 });
    // A STRING attribute: Resize.mode.
    const scales = g.initializer('scales', new Float32Array([1, 2]), [2]);
    g.op('Resize', [x, '', scales], 'wide', { mode: 'nearest' });
    g.output(cat, 'float32', [3, 3]);
    g.output('i32_as_float', 'float32', [2]);
    g.output('wide', 'float32', [2, 6]);
    const out = await run(g.toBytes(), { x: new ort.Tensor('float32', new Float32Array([-2, 1, 2, -4, 3, 4]), [2, 3]) });
    // leaky: [-1,1,2,-2,3,4]; transpose → [[-1,-2],[1,3],[2,4]] flattened, reshaped to [2,3].
    expect(Array.from(out.cat.data as Float32Array)).toEqual([-1, -2, 1, 3, 2, 4, 7, 8, 9]);
    expect(Array.from(out.i32_as_float.data as Float32Array)).toEqual([-4, 5]);
    expect(Array.from(out.wide.data as Float32Array)).toEqual([-2, -2, 1, 1, 2, 2, -4, -4, 3, 3, 4, 4]);
  });

  it('rejects mismatched initializer sizes, duplicate names and non-integer int attributes', () => {
    const g = new GraphBuilder('bad');
    expect(() => g.initializer('w', new Float32Array(3), [2, 2])).toThrow(/dims \[2,2\] hold 4 values, data has 3/);
    g.input('x', 'float32', [1]);
    expect(() => g.input('x', 'float32', [1])).toThrow(/already defined/);
    expect(() => g.op('LeakyRelu', ['x'], 'y', { alpha: 0.5 })).toThrow(/not an integer; wrap floats with float\(\)/);
  });
});
