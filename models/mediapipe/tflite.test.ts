import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, repoRoot } from './build';
import { donorMetadata, extractPoseTask, faceLandmarksSurgery, packedAssets, poseSource, slice } from './bundles';
import { tgzOf } from './tar-fixture';
import { builtinOperator, bufferData, extendModel, metadataBuffer, readInputNormalization, readModel, tensorType, type TfliteModel } from './tflite';

const packageFile = (relative: string) => new Uint8Array(readFileSync(path.join(repoRoot, 'node_modules', relative)));
const handLandmarkLite = packageFile('@mediapipe/hands/hand_landmark_lite.tflite');
const faceMesh = packageFile(packedAssets.faceLandmarkWithAttention.file);
const donor = donorMetadata(extractPoseTask(new Uint8Array(readFileSync(path.join(cacheDir, poseSource.tarball)))));

const tensorsOf = (m: TfliteModel) => m.subgraphs[0]!.tensors.map(({ name, shape, type, buffer }) => ({ name, shape, type, buffer }));
const operatorsOf = (m: TfliteModel) => m.subgraphs[0]!.operators.map(({ opcodeIndex, inputs, outputs }) => ({ opcodeIndex, inputs, outputs }));

describe('TFLite metadata injection', () => {
  const before = readModel(handLandmarkLite);
  const extendedBytes = extendModel(handLandmarkLite, { metadata: [{ name: 'TFLITE_METADATA', data: donor.unitRange }] });
  const after = readModel(extendedBytes);

  it('keeps the original model bytes untouched behind a new part that is a multiple of 16 bytes', () => {
    const prefix = extendedBytes.length - handLandmarkLite.length;
    expect(prefix % 16).toBe(0);
    expect(Buffer.from(extendedBytes.subarray(prefix)).equals(Buffer.from(handLandmarkLite))).toBe(true);
  });

  it('parses back with the same tensors, operators, operator codes and buffer contents', () => {
    expect(before.metadata.some((m) => m.name === 'TFLITE_METADATA')).toBe(false);
    expect(tensorsOf(after)).toEqual(tensorsOf(before));
    expect(operatorsOf(after)).toEqual(operatorsOf(before));
    expect(after.subgraphs[0]!.inputs).toEqual(before.subgraphs[0]!.inputs);
    expect(after.subgraphs[0]!.outputs).toEqual(before.subgraphs[0]!.outputs);
    expect(after.operatorCodes.map((c) => c.builtinCode)).toEqual(before.operatorCodes.map((c) => c.builtinCode));
    expect(after.version).toBe(before.version);
    expect(after.buffers).toHaveLength(before.buffers.length + 1);
    for (let i = 0; i < before.buffers.length; i++) {
      expect(Buffer.from(bufferData(after, i)).equals(Buffer.from(bufferData(before, i))), `buffer ${i}`).toBe(true);
    }
  });

  it('adds TFLITE_METADATA with the [0,1] input normalisation next to the existing metadata', () => {
    expect(after.metadata.map((m) => m.name)).toEqual([...before.metadata.map((m) => m.name), 'TFLITE_METADATA']);
    const metadata = metadataBuffer(after, 'TFLITE_METADATA')!;
    expect(Buffer.from(metadata).equals(Buffer.from(donor.unitRange))).toBe(true);
    expect(readInputNormalization(metadata)).toEqual({ mean: [0], std: [255], min: [0], max: [1] });
    // Data of the new buffer is 16-byte aligned, as the schema's force_align asks.
    expect((metadata.byteOffset - extendedBytes.byteOffset) % 16).toBe(0);
  });

  it('replaces rather than duplicates metadata of the same name', () => {
    const twice = readModel(extendModel(extendedBytes, { metadata: [{ name: 'TFLITE_METADATA', data: donor.signedRange }] }));
    expect(twice.metadata.filter((m) => m.name === 'TFLITE_METADATA')).toHaveLength(1);
    expect(readInputNormalization(metadataBuffer(twice, 'TFLITE_METADATA')!).mean).toEqual([127.5]);
  });

  it('refuses bytes that are not a TFLite model, and graph edits that name missing tensors', () => {
    expect(() => extendModel(new Uint8Array(64), {})).toThrow(/not a TFLite model/);
    expect(() =>
      extendModel(handLandmarkLite, { graph: { tensors: [], operators: [{ builtinCode: builtinOperator.reshape, inputs: [0, 99_999], outputs: [1] }], outputs: [0] } }),
    ).toThrow(/tensor 99999, which does not exist/);
  });
});

describe('face landmarks graph surgery', () => {
  const original = slice(faceMesh, packedAssets.faceLandmarkWithAttention);
  const before = readModel(original);
  const after = readModel(faceLandmarksSurgery(original, donor.unitRange));
  const graph = after.subgraphs[0]!;
  const named = (name: string) => graph.tensors.findIndex((t) => t.name === name);

  it('makes the outputs [478 x/y/z landmarks, face flag], as tasks-vision expects', () => {
    expect(graph.outputs.map((i) => [graph.tensors[i]!.name, graph.tensors[i]!.shape])).toEqual([
      ['output_landmarks_478', [1, 1, 1, 1434]],
      ['conv_faceflag', [1, 1, 1, 1]],
    ]);
    expect(graph.inputs).toEqual(before.subgraphs[0]!.inputs);
  });

  it('keeps every original tensor and operator and appends 2 x (reshape, pad, reshape) + concatenation', () => {
    expect(tensorsOf(after).slice(0, before.subgraphs[0]!.tensors.length)).toEqual(tensorsOf(before));
    expect(operatorsOf(after).slice(0, before.subgraphs[0]!.operators.length)).toEqual(operatorsOf(before));
    const added = graph.operators.slice(before.subgraphs[0]!.operators.length);
    expect(added.map((o) => after.operatorCodes[o.opcodeIndex]!.builtinCode)).toEqual([
      builtinOperator.reshape,
      builtinOperator.pad,
      builtinOperator.reshape,
      builtinOperator.reshape,
      builtinOperator.pad,
      builtinOperator.reshape,
      builtinOperator.concatenation,
    ]);
    const concat = added[6]!;
    expect(concat.inputs.map((i) => graph.tensors[i]!.name)).toEqual(['output_mesh_identity', 'left_iris_xyz_flat', 'right_iris_xyz_flat']);
    expect(added[0]!.inputs[0]).toBe(named('output_left_iris'));
    expect(added[3]!.inputs[0]).toBe(named('output_right_iris'));
  });

  it('stores the constant shapes and the z padding as int32 buffers', () => {
    const constant = (name: string) => {
      const tensor = graph.tensors[named(name)]!;
      expect(tensor.type).toBe(tensorType.int32);
      return Array.from(new Int32Array(bufferData(after, tensor.buffer).slice().buffer));
    };
    expect(constant('iris_xy_shape')).toEqual([1, 5, 2]);
    expect(constant('iris_z_padding')).toEqual([0, 0, 0, 0, 0, 1]);
    expect(constant('iris_flat_shape')).toEqual([1, 1, 1, 15]);
    expect(graph.tensors[named('left_iris_xyz')]!.shape).toEqual([1, 5, 3]);
  });

  it('carries the [0,1] input normalisation metadata', () => {
    expect(readInputNormalization(metadataBuffer(after, 'TFLITE_METADATA')!).std).toEqual([255]);
  });
});

describe('donor metadata from the pose bundle', () => {
  it('takes [0,1] from the landmarks model and [-1,1] from the detector', () => {
    expect(readInputNormalization(donor.unitRange)).toEqual({ mean: [0], std: [255], min: [0], max: [1] });
    expect(readInputNormalization(donor.signedRange)).toEqual({ mean: [127.5], std: [127.5], min: [-1], max: [1] });
  });

  it('rejects a pose tarball whose bundle is not the pinned one', () => {
    const impostor = tgzOf([{ name: poseSource.path, data: new TextEncoder().encode('not the model') }]);
    expect(() => extractPoseTask(impostor)).toThrow(/has sha256 [0-9a-f]{64}, expected 5134a3aa/);
  });
});
