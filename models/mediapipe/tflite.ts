// The parts of the TensorFlow Lite model schema (tensorflow/lite/schema/schema.fbs) and of its
// metadata schema (metadata_schema.fbs) the bundle build reads and extends. Field numbers are the
// schema's field order; only what the build touches is named here.
import { field, FlatReader, PrefixBuilder, type Field, type Ref } from './flatbuffer';

export const tensorType = { float32: 0, int32: 2 } as const;
export const builtinOperator = { concatenation: 2, reshape: 22, pad: 34 } as const;
/** BuiltinOptions union members (schema order). */
export const builtinOptions = { concatenation: 10, reshape: 17, pad: 22 } as const;

const ModelField = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 } as const;
const SubGraphField = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 } as const;
const TensorField = { shape: 0, type: 1, buffer: 2, name: 3 } as const;
const OperatorField = { opcodeIndex: 0, inputs: 1, outputs: 2, optionsType: 3 } as const;
const OperatorCodeField = { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3 } as const;
const BufferField = { data: 0, offset: 1, size: 2 } as const;
const MetadataField = { name: 0, buffer: 1 } as const;

export interface TensorInfo {
  position: number;
  name: string;
  shape: number[];
  type: number;
  buffer: number;
}
export interface OperatorInfo {
  position: number;
  opcodeIndex: number;
  inputs: number[];
  outputs: number[];
}
export interface SubGraphInfo {
  position: number;
  name: string | null;
  tensors: TensorInfo[];
  inputs: number[];
  outputs: number[];
  operators: OperatorInfo[];
}
export interface OperatorCodeInfo {
  position: number;
  builtinCode: number;
  customCode: string | null;
  version: number;
}
export interface MetadataInfo {
  position: number;
  name: string;
  buffer: number;
}
export interface TfliteModel {
  reader: FlatReader;
  root: number;
  version: number;
  operatorCodes: OperatorCodeInfo[];
  subgraphs: SubGraphInfo[];
  /** Positions of the Buffer tables. */
  buffers: number[];
  metadata: MetadataInfo[];
}

/** Parses the fields of a .tflite the build needs; throws on anything that is not a TFLite model. */
export function readModel(bytes: Uint8Array): TfliteModel {
  const r = new FlatReader(bytes);
  if (bytes.length < 8 || r.identifier() !== 'TFL3') throw new Error('not a TFLite model (no TFL3 identifier)');
  const root = r.root();
  const operatorCodes = r.tables(root, ModelField.operatorCodes).map((t) => ({
    position: t,
    // Codes above 127 live only in builtin_code; older files set only the deprecated byte.
    builtinCode: Math.max(r.scalarI8(t, OperatorCodeField.deprecatedBuiltinCode), r.scalarI32(t, OperatorCodeField.builtinCode)),
    customCode: r.string(t, OperatorCodeField.customCode),
    version: r.scalarI32(t, OperatorCodeField.version, 1),
  }));
  const subgraphs = r.tables(root, ModelField.subgraphs).map((s) => ({
    position: s,
    name: r.string(s, SubGraphField.name),
    tensors: r.tables(s, SubGraphField.tensors).map((t) => ({
      position: t,
      name: r.string(t, TensorField.name) ?? '',
      shape: r.int32s(t, TensorField.shape),
      type: r.scalarI8(t, TensorField.type),
      buffer: r.scalarU32(t, TensorField.buffer),
    })),
    inputs: r.int32s(s, SubGraphField.inputs),
    outputs: r.int32s(s, SubGraphField.outputs),
    operators: r.tables(s, SubGraphField.operators).map((o) => ({
      position: o,
      opcodeIndex: r.scalarU32(o, OperatorField.opcodeIndex),
      inputs: r.int32s(o, OperatorField.inputs),
      outputs: r.int32s(o, OperatorField.outputs),
    })),
  }));
  const metadata = r.tables(root, ModelField.metadata).map((m) => ({
    position: m,
    name: r.string(m, MetadataField.name) ?? '',
    buffer: r.scalarU32(m, MetadataField.buffer),
  }));
  return { reader: r, root, version: r.scalarU32(root, ModelField.version), operatorCodes, subgraphs, buffers: r.tables(root, ModelField.buffers), metadata };
}

/** The bytes of buffer `index` (empty for the sentinel buffer 0 and for tensors without data). */
export function bufferData(model: TfliteModel, index: number): Uint8Array {
  const table = model.buffers[index];
  if (table === undefined) throw new Error(`buffer ${index} does not exist`);
  if (model.reader.scalarU64(table, BufferField.offset) > 1n) throw new Error('buffers stored outside the flatbuffer are not supported');
  return model.reader.bytesOf(table, BufferField.data) ?? new Uint8Array();
}

/** A named metadata buffer (e.g. TFLITE_METADATA), or null. */
export function metadataBuffer(model: TfliteModel, name: string): Uint8Array | null {
  const entry = model.metadata.find((m) => m.name === name);
  return entry ? bufferData(model, entry.buffer) : null;
}

export interface NewTensor {
  name: string;
  shape: number[];
  type: number;
  /** Constant contents (little-endian), stored in a new buffer. */
  data?: Uint8Array;
}
export interface NewOperator {
  builtinCode: number;
  version?: number;
  inputs: number[];
  outputs: number[];
  /** The BuiltinOptions union member and its table's fields. */
  options?: { type: number; fields: (b: PrefixBuilder) => Field[] };
}
export interface GraphEdit {
  /** Appended after the subgraph's tensors: new tensor i gets index (original count + i). */
  tensors: NewTensor[];
  /** Run after the original operators, in this order. */
  operators: NewOperator[];
  outputs: number[];
}
export interface ModelExtension {
  /** Metadata buffers to add (replacing any with the same name). */
  metadata?: { name: string; data: Uint8Array }[];
  /** Changes to subgraph 0. */
  graph?: GraphEdit;
}

const original = (position: number): Ref => ({ original: position });

/**
 * Extends a model without rewriting it: a new root Model (and, for a graph edit, a new SubGraph
 * with new tensor, operator and output vectors) goes in front of the original bytes and refers to
 * the original tables wherever nothing changed.
 */
export function extendModel(bytes: Uint8Array, extension: ModelExtension): Uint8Array {
  const model = readModel(bytes);
  const r = model.reader;
  const known = Object.values(ModelField).length;
  for (let i = known; i < r.fieldCount(model.root); i++) {
    if (r.field(model.root, i) !== 0) throw new Error(`Model field ${i} is not known to this build; refusing to drop it`);
  }
  for (const b of model.buffers) {
    if (r.scalarU64(b, BufferField.offset) > 1n) throw new Error('buffers stored outside the flatbuffer are not supported');
  }
  const b = new PrefixBuilder();
  const buffers: Ref[] = model.buffers.map(original);
  const addBuffer = (data: Uint8Array) => {
    const vector = b.createBytes(data, 16);
    buffers.push(b.createTable([field.ref(BufferField.data, vector)]));
    return buffers.length - 1;
  };

  let operatorCodes: Ref[] | null = null;
  let subgraphs: Ref[] | null = null;
  const edit = extension.graph;
  if (edit) {
    const graph = model.subgraphs[0];
    if (!graph) throw new Error('the model has no subgraph');
    for (let i = SubGraphField.name + 1; i < r.fieldCount(graph.position); i++) {
      if (r.field(graph.position, i) !== 0) throw new Error(`SubGraph field ${i} is not known to this build; refusing to drop it`);
    }
    const codes = [...model.operatorCodes];
    const codeRefs: Ref[] = codes.map((c) => original(c.position));
    const opcodeIndex = (code: number, version: number) => {
      const found = codes.findIndex((c) => c.customCode === null && c.builtinCode === code && c.version >= version);
      if (found >= 0) return found;
      codes.push({ position: -1, builtinCode: code, customCode: null, version });
      codeRefs.push(
        b.createTable([
          field.i8(OperatorCodeField.deprecatedBuiltinCode, Math.min(code, 127)),
          field.i32(OperatorCodeField.version, version),
          field.i32(OperatorCodeField.builtinCode, code),
        ]),
      );
      return codes.length - 1;
    };
    const tensorCount = graph.tensors.length + edit.tensors.length;
    const tensors: Ref[] = graph.tensors.map((t) => original(t.position));
    for (const t of edit.tensors) {
      const bufferIndex = t.data ? addBuffer(t.data) : 0;
      const shape = b.createInt32s(t.shape);
      const name = b.createString(t.name);
      tensors.push(
        b.createTable([
          field.ref(TensorField.shape, shape),
          field.i8(TensorField.type, t.type),
          field.u32(TensorField.buffer, bufferIndex),
          field.ref(TensorField.name, name),
        ]),
      );
    }
    const operators: Ref[] = graph.operators.map((o) => original(o.position));
    for (const op of edit.operators) {
      for (const index of [...op.inputs, ...op.outputs]) {
        if (index < 0 || index >= tensorCount) throw new Error(`operator refers to tensor ${index}, which does not exist`);
      }
      const inputs = b.createInt32s(op.inputs);
      const outputs = b.createInt32s(op.outputs);
      const fields: Field[] = [
        field.u32(OperatorField.opcodeIndex, opcodeIndex(op.builtinCode, op.version ?? 1)),
        field.ref(OperatorField.inputs, inputs),
        field.ref(OperatorField.outputs, outputs),
      ];
      if (op.options) {
        const options = b.createTable(op.options.fields(b));
        fields.push(field.u8(OperatorField.optionsType, op.options.type), field.ref(OperatorField.optionsType + 1, options));
      }
      operators.push(b.createTable(fields));
    }
    for (const index of edit.outputs) {
      if (index < 0 || index >= tensorCount) throw new Error(`graph output ${index} does not exist`);
    }
    const tensorVector = b.createRefs(tensors);
    const operatorVector = b.createRefs(operators);
    const outputVector = b.createInt32s(edit.outputs);
    const graphFields: Field[] = [
      field.ref(SubGraphField.tensors, tensorVector),
      field.ref(SubGraphField.outputs, outputVector),
      field.ref(SubGraphField.operators, operatorVector),
    ];
    for (const keep of [SubGraphField.inputs, SubGraphField.name]) {
      const target = r.ref(graph.position, keep);
      if (target !== 0) graphFields.push(field.ref(keep, original(target)));
    }
    subgraphs = [b.createTable(graphFields), ...model.subgraphs.slice(1).map((s) => original(s.position))];
    operatorCodes = codeRefs;
  }

  const added = extension.metadata ?? [];
  const metadata: Ref[] = model.metadata.filter((m) => !added.some((a) => a.name === m.name)).map((m) => original(m.position));
  for (const entry of added) {
    const index = addBuffer(entry.data);
    const name = b.createString(entry.name);
    metadata.push(b.createTable([field.ref(MetadataField.name, name), field.u32(MetadataField.buffer, index)]));
  }

  const rootFields: Field[] = [field.u32(ModelField.version, model.version)];
  rootFields.push(field.ref(ModelField.buffers, b.createRefs(buffers)));
  rootFields.push(field.ref(ModelField.metadata, b.createRefs(metadata)));
  if (operatorCodes) rootFields.push(field.ref(ModelField.operatorCodes, b.createRefs(operatorCodes)));
  if (subgraphs) rootFields.push(field.ref(ModelField.subgraphs, b.createRefs(subgraphs)));
  for (const keep of [ModelField.operatorCodes, ModelField.subgraphs, ModelField.description, ModelField.metadataBuffer, ModelField.signatureDefs]) {
    if (rootFields.some((f) => f.index === keep)) continue;
    const target = r.ref(model.root, keep);
    if (target !== 0) rootFields.push(field.ref(keep, original(target)));
  }
  return b.finish(b.createTable(rootFields), 'TFL3', bytes);
}

/** Little-endian bytes of int32 values, for constant tensors. */
export function int32Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setInt32(i * 4, v, true));
  return out;
}

// TFLite metadata (metadata_schema.fbs): just enough to check the input normalisation a task needs.
const ModelMetadataField = { name: 0, subgraphMetadata: 3 } as const;
const SubGraphMetadataField = { inputTensorMetadata: 2, outputTensorMetadata: 3 } as const;
const TensorMetadataField = { name: 0, processUnits: 4, stats: 5 } as const;
const ProcessUnitField = { optionsType: 0, options: 1 } as const;
const normalizationOptionsType = 1;

export interface InputNormalization {
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
}

/** Reads the first input tensor's NormalizationOptions and value range out of a TFLITE_METADATA buffer. */
export function readInputNormalization(metadata: Uint8Array): InputNormalization {
  const r = new FlatReader(metadata);
  if (r.identifier() !== 'M001') throw new Error('not a TFLite metadata buffer (no M001 identifier)');
  const root = r.root();
  const subgraph = r.tables(root, ModelMetadataField.subgraphMetadata)[0];
  const input = subgraph === undefined ? undefined : r.tables(subgraph, SubGraphMetadataField.inputTensorMetadata)[0];
  if (input === undefined) throw new Error('the metadata describes no input tensor');
  const unit = r.tables(input, TensorMetadataField.processUnits).find((u) => r.scalarU8(u, ProcessUnitField.optionsType) === normalizationOptionsType);
  if (unit === undefined) throw new Error('the metadata has no NormalizationOptions');
  const options = r.ref(unit, ProcessUnitField.options);
  const stats = r.ref(input, TensorMetadataField.stats);
  return {
    mean: r.float32s(options, 0),
    std: r.float32s(options, 1),
    max: stats === 0 ? [] : r.float32s(stats, 0),
    min: stats === 0 ? [] : r.float32s(stats, 1),
  };
}

export function metadataOutputCount(metadata: Uint8Array): number {
  const r = new FlatReader(metadata);
  const subgraph = r.tables(r.root(), ModelMetadataField.subgraphMetadata)[0];
  return subgraph === undefined ? 0 : r.tables(subgraph, SubGraphMetadataField.outputTensorMetadata).length;
}
