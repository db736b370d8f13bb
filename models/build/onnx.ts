/**
 * A minimal ONNX ModelProto writer and graph-builder DSL.
 *
 * The bytes come from proto-writer.ts: a static encoder for the subset of
 * onnx/onnx.proto that a plain inference graph needs, with the upstream field
 * numbers, and no run-time code generation (a strict Content-Security-Policy
 * forbids it). DOM-free and worker-free: it runs in Node, a page or a worker.
 */
import { encodeMessage } from './proto-writer';

/** Element types the builder writes; the values are ONNX `TensorProto.DataType` codes. */
export const ONNX_DTYPES = { float32: 1, uint8: 2, int32: 6, int64: 7 } as const;
export type OnnxDType = keyof typeof ONNX_DTYPES;

/** `AttributeProto.AttributeType` codes. */
const ATTR_TYPE = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

export const OPSET_VERSION = 17;
export const IR_VERSION = 8;

/** A dimension: a fixed size, or a symbolic name such as `'H'`. */
export type Dim = number | string;

/** Tensor data accepted for initializers; the element type follows the array type. */
export type TensorData = Float32Array | Uint8Array | Int32Array | BigInt64Array;

/** A float attribute (plain numbers are ints, because most ONNX attributes are). */
export interface FloatAttr {
  readonly float: number;
}
/** A list-of-floats attribute (plain number arrays are ints). */
export interface FloatsAttr {
  readonly floats: readonly number[];
}
/** Attribute values: integer → INT, number[] → INTS, string → STRING, {float} / {floats}. */
export type AttrValue = number | readonly number[] | string | FloatAttr | FloatsAttr;

/** Marks a number as a FLOAT attribute. */
export function float(value: number): FloatAttr {
  return { float: value };
}
/** Marks a number list as a FLOATS attribute. */
export function floats(values: readonly number[]): FloatsAttr {
  return { floats: values };
}

function dtypeOf(data: TensorData): OnnxDType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int32Array) return 'int32';
  return 'int64';
}

function encodeAttr(name: string, value: AttrValue): Record<string, unknown> {
  if (typeof value === 'string') {
    return { name, type: ATTR_TYPE.STRING, s: new TextEncoder().encode(value) };
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new TypeError(`attribute ${name}: ${value} is not an integer; wrap floats with float()`);
    }
    return { name, type: ATTR_TYPE.INT, i: value };
  }
  if ('float' in value) return { name, type: ATTR_TYPE.FLOAT, f: value.float };
  if ('floats' in value) return { name, type: ATTR_TYPE.FLOATS, floats: [...value.floats] };
  for (const v of value) {
    if (!Number.isInteger(v)) throw new TypeError(`attribute ${name}: ${v} is not an integer; wrap with floats()`);
  }
  return { name, type: ATTR_TYPE.INTS, ints: [...value] };
}

function valueInfo(name: string, dtype: OnnxDType, dims: readonly Dim[]): Record<string, unknown> {
  return {
    name,
    type: {
      tensorType: {
        elemType: ONNX_DTYPES[dtype],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/**
 * Builds one ONNX graph (opset 17, IR 8) node by node.
 *
 * @example
 * const g = new GraphBuilder('add');
 * const a = g.input('a', 'float32', [1, 'N']);
 * const b = g.initializer('b', new Float32Array([1, 2]), [1, 2]);
 * g.output(g.op('Add', [a, b], 'sum'), 'float32', [1, 'N']);
 * const bytes = g.toBytes(); // feed to ort.InferenceSession.create(bytes)
 */
export class GraphBuilder {
  private readonly nodes: Record<string, unknown>[] = [];
  private readonly inits: Record<string, unknown>[] = [];
  private readonly inputs: Record<string, unknown>[] = [];
  private readonly outputs: Record<string, unknown>[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(
    readonly name: string,
    private readonly docString = '',
  ) {}

  /** Declares a graph input and returns its name. */
  input(name: string, dtype: OnnxDType, dims: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, dtype, dims));
    return name;
  }

  /** Declares an existing value as a graph output. */
  output(name: string, dtype: OnnxDType, dims: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, dtype, dims));
    return name;
  }

  /** Adds a constant tensor (stored as little-endian raw_data) and returns its name. */
  initializer(name: string, data: TensorData, dims: readonly number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== data.length) {
      throw new RangeError(`initializer ${name}: dims [${dims.join(',')}] hold ${count} values, data has ${data.length}`);
    }
    this.claim(name);
    // raw_data is little-endian by spec; every platform ORT-web runs on is little-endian.
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.inits.push({ name, dims: [...dims], dataType: ONNX_DTYPES[dtypeOf(data)], rawData: raw });
    return name;
  }

  /** A float32 constant, named automatically. Scalars get shape []. */
  constFloat(values: number | readonly number[], dims?: readonly number[]): string {
    const arr = typeof values === 'number' ? [values] : values;
    return this.initializer(this.fresh('c'), Float32Array.from(arr), dims ?? (typeof values === 'number' ? [] : [arr.length]));
  }

  /** An int64 constant, named automatically (shapes, pads, axes). */
  constInt64(values: readonly number[], dims?: readonly number[]): string {
    return this.initializer(this.fresh('i'), BigInt64Array.from(values.map(BigInt)), dims ?? [values.length]);
  }

  /**
   * Appends a node. `outputs` is a list of names or a count of auto-named outputs
   * (default 1). Use '' in `inputs` to skip an optional input. Returns the output names.
   */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[] | number = 1,
    attrs: Record<string, AttrValue> = {},
    domain = '',
  ): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(opType)) : [...outputs];
    for (const o of outs) this.claim(o);
    this.nodes.push({
      name: `${opType}_${this.nodes.length}`,
      opType,
      domain,
      input: [...inputs],
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => encodeAttr(k, v)),
    });
    return outs;
  }

  /** `node()` for the common one-output case; `output` optionally names the result. */
  op(opType: string, inputs: readonly string[], output?: string, attrs: Record<string, AttrValue> = {}): string {
    return this.node(opType, inputs, output === undefined ? 1 : [output], attrs)[0];
  }

  /** Number of nodes so far (for size budgets in tests). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Serialises the model as ONNX protobuf bytes. */
  toBytes(producerVersion = '0.1.0'): Uint8Array {
    const model = {
      irVersion: IR_VERSION,
      producerName: 'local-inpaint',
      producerVersion,
      docString: this.docString,
      opsetImport: [{ domain: '', version: OPSET_VERSION }],
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.inits,
        input: this.inputs,
        output: this.outputs,
      },
    };
    // A static encoder, not protobufjs: its generated codecs need eval, which a strict CSP refuses (proto-writer.ts).
    return encodeMessage('ModelProto', model);
  }

  private fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    return name;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`value name ${name} is already defined in graph ${this.name}`);
    this.names.add(name);
  }
}
