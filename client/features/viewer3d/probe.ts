// A measuring point for tests and the benchmark, off unless the page defines
// `window.__viewer3dProbe = { renders: 0, frames: 0, viewers: {} }` before the app starts
// (Playwright's addInitScript). It counts React renders of the viewer's components and hands out the
// live camera, renderer and viewer core of each mounted viewer, so a test reads real numbers without
// the viewer paying for them when nobody measures.
import type { Camera, WebGLRenderer } from 'three';
import type { Viewer } from './core';

export interface ProbeViewer {
  /** Null until the scene has mounted. */
  camera: Camera | null;
  gl: WebGLRenderer | null;
  viewer: Viewer;
  /** performance.now() at mount and at the first frame drawn with the model in it. */
  mountedAt: number;
  firstFrameAt: number | null;
}

export interface ViewerProbe {
  renders: number;
  frames: number;
  viewers: Record<string, ProbeViewer>;
}

declare global {
  interface Window {
    __viewer3dProbe?: ViewerProbe;
  }
}

export const viewerProbe = (): ViewerProbe | undefined => (typeof window === 'undefined' ? undefined : window.__viewer3dProbe);

/** Called in the render body of each viewer component. */
export function countRender(): void {
  const probe = viewerProbe();
  if (probe) probe.renders += 1;
}
