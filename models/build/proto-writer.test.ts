/**
 * The static ONNX encoder against protobufjs (a dev dependency only: its codecs are
 * generated with eval, which the shipped code must never need). protobufjs decodes
 * our bytes and encodes them again: the bytes must be identical, field for field.
 */
import * as protobufNs from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SPEED_PARAMS, buildBuiltinFillModel } from '../builtin/graph';
import { buildLamaTwin } from './lama-twin';
import { buildMiganTwin } from './migan-twin';
import { buildTextEncoderTwin, buildUnetTwin } from './sd-twin';
import { GraphBuilder, float, floats } from './onnx';
import { encodeMessage } from './proto-writer';

const protobuf = (protobufNs as unknown as { default?: typeof protobufNs }).default ?? protobufNs;

/** onnx/onnx.proto's subset, as the builder used to give it to protobufjs. */
const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: 'string', id: 1 },
            version: { type: 'int64', id: 2 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            valueInfo: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            docString: { type: 'string', id: 6 },
            domain: { type: 'string', id: 7 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7, options: { packed: true } },
            ints: { rule: 'repeated', type: 'int64', id: 8, options: { packed: true } },
            docString: { type: 'string', id: 13 },
            type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1, options: { packed: true } },
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            docString: { type: 'string', id: 12 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
          },
        },
        TypeProto: {
          fields: {
            tensorType: { type: 'TypeProtoTensor', id: 1 },
          },
        },
        TypeProtoTensor: {
          fields: {
            elemType: { type: 'int32', id: 1 },
            shape: { type: 'TensorShapeProto', id: 2 },
          },
        },
        TensorShapeProto: {
          fields: {
            dim: { rule: 'repeated', type: 'TensorShapeDimension', id: 1 },
          },
        },
        TensorShapeDimension: {
          oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
          fields: {
            dimValue: { type: 'int64', id: 1 },
            dimParam: { type: 'string', id: 2 },
          },
        },
      },
    },
  },
};


const ModelProto = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto');

/** protobufjs's encoding of whatever it decodes from `bytes`. */
function reencode(bytes: Uint8Array): Uint8Array {
  return ModelProto.encode(ModelProto.decode(bytes)).finish();
}

describe('encodeMessage (static ONNX protobuf encoder)', () => {
  it('writes the bytes protobufjs writes for the built-in model at every speed and for the learned-model twins', () => {
    const models: [string, Uint8Array][] = [
      ...Object.entries(BUILTIN_SPEED_PARAMS).map(([speed, params]): [string, Uint8Array] => [`builtin ${speed}`, buildBuiltinFillModel(params)]),
      ['migan twin', buildMiganTwin()],
      ['lama twin', buildLamaTwin()],
      ['sd text encoder twin', buildTextEncoderTwin()],
      ['sd unet twin', buildUnetTwin(9)],
    ];
    for (const [name, bytes] of models) {
      expect(bytes.length, name).toBeGreaterThan(100);
      expect(Buffer.from(reencode(bytes)).equals(Buffer.from(bytes)), name).toBe(true);
    }
  });

  it('encodes negative ints, floats, empty strings and unicode the way protobufjs reads them', () => {
    const g = new GraphBuilder('édge', 'doc ✓');
    const x = g.input('x', 'float32', [1, 'N']);
    g.output(g.op('Transpose', [x], 'y', { perm: [1, 0], axis: -1, alpha: float(-0.25), scales: floats([0.5, -2]), mode: 'nearest' }), 'float32', ['N', 1]);
    const bytes = g.toBytes();
    expect(Buffer.from(reencode(bytes)).equals(Buffer.from(bytes))).toBe(true);
    const decoded = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number }) as {
      graph: { name: string; node: { attribute: { name: string; i?: number; f?: number; floats?: number[] }[] }[] };
      docString: string;
    };
    expect(decoded.graph.name).toBe('édge');
    expect(decoded.docString).toBe('doc ✓');
    const attrs = Object.fromEntries(decoded.graph.node[0].attribute.map((a) => [a.name, a]));
    expect(attrs.axis.i).toBe(-1);
    expect(attrs.alpha.f).toBe(-0.25);
    expect(attrs.scales.floats).toEqual([0.5, -2]);
  });

  it('refuses a field the schema does not have, and a non-integer int64', () => {
    expect(() => encodeMessage('TensorProto', { dimz: [1] })).toThrow('TensorProto has no field "dimz"');
    expect(() => encodeMessage('TensorProto', { dims: [1.5] })).toThrow('TensorProto.dims: expected an integer, got 1.5');
  });
});
