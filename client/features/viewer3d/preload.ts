// In the 3D chunk: puts a model file into useGLTF's cache (meshopt on, no Draco: our files need no decoder from a CDN).
import { useGLTF } from '@react-three/drei';

export function preloadModelFile(url: string): void {
  useGLTF.preload(url, false, true);
}
