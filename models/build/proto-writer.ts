/**
 * A static protobuf encoder for the ONNX subset the graph builder writes.
 *
 * Why not protobufjs: its `Type.encode` is generated at run time with
 * `Function(...)`, which a page under `script-src 'self' 'wasm-unsafe-eval'`
 * (no 'unsafe-eval') refuses, so every task failed there. This walks a fixed
 * table of field numbers instead: no code generation, no eval. The bytes equal
 * protobufjs's (fields in number order, packed numeric lists, present empty
 * strings and messages written), which models/build/proto-writer.test.ts checks.
 *
 * Wire format: https://protobuf.dev/programming-guides/encoding/
 */

type Scalar = 'int64' | 'int32' | 'float' | 'string' | 'bytes';
/** One field: its number, its value's kind (a scalar or a message name), and whether it repeats (`packed` for numbers). */
type Field = readonly [id: number, name: string, kind: string, rule?: 'repeated' | 'packed'];

/** The ONNX messages we write, upstream field numbers (onnx/onnx.proto), in number order. */
const SCHEMA = {
  ModelProto: [
    [1, 'irVersion', 'int64'],
    [2, 'producerName', 'string'],
    [3, 'producerVersion', 'string'],
    [4, 'domain', 'string'],
    [5, 'modelVersion', 'int64'],
    [6, 'docString', 'string'],
    [7, 'graph', 'GraphProto'],
    [8, 'opsetImport', 'OperatorSetIdProto', 'repeated'],
  ],
  OperatorSetIdProto: [
    [1, 'domain', 'string'],
    [2, 'version', 'int64'],
  ],
  GraphProto: [
    [1, 'node', 'NodeProto', 'repeated'],
    [2, 'name', 'string'],
    [5, 'initializer', 'TensorProto', 'repeated'],
    [10, 'docString', 'string'],
    [11, 'input', 'ValueInfoProto', 'repeated'],
    [12, 'output', 'ValueInfoProto', 'repeated'],
    [13, 'valueInfo', 'ValueInfoProto', 'repeated'],
  ],
  NodeProto: [
    [1, 'input', 'string', 'repeated'],
    [2, 'output', 'string', 'repeated'],
    [3, 'name', 'string'],
    [4, 'opType', 'string'],
    [5, 'attribute', 'AttributeProto', 'repeated'],
    [6, 'docString', 'string'],
    [7, 'domain', 'string'],
  ],
  AttributeProto: [
    [1, 'name', 'string'],
    [2, 'f', 'float'],
    [3, 'i', 'int64'],
    [4, 's', 'bytes'],
    [5, 't', 'TensorProto'],
    [7, 'floats', 'float', 'packed'],
    [8, 'ints', 'int64', 'packed'],
    [13, 'docString', 'string'],
    [20, 'type', 'int32'],
  ],
  TensorProto: [
    [1, 'dims', 'int64', 'packed'],
    [2, 'dataType', 'int32'],
    [8, 'name', 'string'],
    [9, 'rawData', 'bytes'],
    [12, 'docString', 'string'],
  ],
  ValueInfoProto: [
    [1, 'name', 'string'],
    [2, 'type', 'TypeProto'],
    [3, 'docString', 'string'],
  ],
  TypeProto: [[1, 'tensorType', 'TypeProtoTensor']],
  TypeProtoTensor: [
    [1, 'elemType', 'int32'],
    [2, 'shape', 'TensorShapeProto'],
  ],
  TensorShapeProto: [[1, 'dim', 'TensorShapeDimension', 'repeated']],
  TensorShapeDimension: [
    [1, 'dimValue', 'int64'],
    [2, 'dimParam', 'string'],
  ],
} as const satisfies Record<string, readonly Field[]>;

export type MessageName = keyof typeof SCHEMA;

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LEN = 2;

/** A growable byte buffer. */
class Bytes {
  private buf = new Uint8Array(1024);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** An unsigned varint; numbers past 2^53 come as bigint. */
  varint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value < 0x80000000) {
      let v = value;
      while (v > 0x7f) {
        this.byte((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      this.byte(v);
      return;
    }
    // Negative int32/int64 values are sign-extended to 64 bits: always 10 bytes.
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  float(value: number): void {
    this.room(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.length, 4).setFloat32(0, value, true);
    this.length += 4;
  }

  tag(id: number, wire: number): void {
    this.varint((id << 3) | wire);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

const utf8 = new TextEncoder();

function isMessage(kind: string): kind is MessageName {
  return kind in SCHEMA;
}

function integer(value: unknown, where: string): number | bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new TypeError(`${where}: expected an integer, got ${String(value)}`);
}

function writeScalar(out: Bytes, kind: Scalar, value: unknown, where: string): void {
  switch (kind) {
    case 'int64':
    case 'int32':
      out.varint(integer(value, where));
      return;
    case 'float':
      if (typeof value !== 'number') throw new TypeError(`${where}: expected a number, got ${String(value)}`);
      out.float(value);
      return;
    case 'string':
    case 'bytes': {
      const data = kind === 'string' ? utf8.encode(String(value)) : value;
      if (!(data instanceof Uint8Array)) throw new TypeError(`${where}: expected bytes`);
      out.varint(data.length);
      out.bytes(data);
      return;
    }
  }
}

function writeField(out: Bytes, id: number, kind: string, value: unknown, where: string): void {
  if (isMessage(kind)) {
    const inner = encodeMessage(kind, value as Record<string, unknown>);
    out.tag(id, WIRE_LEN);
    out.varint(inner.length);
    out.bytes(inner);
    return;
  }
  out.tag(id, kind === 'float' ? WIRE_FIXED32 : kind === 'string' || kind === 'bytes' ? WIRE_LEN : WIRE_VARINT);
  writeScalar(out, kind as Scalar, value, where);
}

/**
 * Encodes `value` as the ONNX message `type`. Fields absent (undefined or null) are
 * skipped, as are empty repeated fields; unknown keys are an error, so a typo cannot
 * silently drop a field.
 *
 * @example
 * const bytes = encodeMessage('ModelProto', { irVersion: 8, graph: { name: 'g', node: [] } });
 */
export function encodeMessage(type: MessageName, value: Record<string, unknown>): Uint8Array {
  const fields: readonly Field[] = SCHEMA[type];
  for (const key of Object.keys(value)) {
    if (value[key] !== undefined && !fields.some((f) => f[1] === key)) throw new TypeError(`${type} has no field "${key}"`);
  }
  const out = new Bytes();
  for (const [id, name, kind, rule] of fields) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    const where = `${type}.${name}`;
    if (rule === 'packed') {
      const list = v as ArrayLike<unknown>;
      if (list.length === 0) continue;
      const packed = new Bytes();
      for (let i = 0; i < list.length; i++) writeScalar(packed, kind as Scalar, list[i], where);
      out.tag(id, WIRE_LEN);
      out.varint(packed.length);
      out.bytes(packed.result());
    } else if (rule === 'repeated') {
      for (const item of v as readonly unknown[]) writeField(out, id, kind, item, where);
    } else {
      writeField(out, id, kind, v, where);
    }
  }
  return out.result();
}
