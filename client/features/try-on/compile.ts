// Shader programs made ready one per task, before a picture needs them. Without
// KHR_parallel_shader_compile (SwiftShader has none) the first draw with a program waits for the GPU
// process to link it: 10–30 ms each on 2 cores, and the try-on's first frame and its environment map
// needed five each, two 100 ms tasks while the host's video plays beside it. three's compileAsync
// spreads the work only when that extension is there; here each new program gets a task of its own.
import { BackSide, DoubleSide, FrontSide, type Camera, type Material, type Mesh, type Object3D, type Scene, type Side, type WebGLRenderer, type WebGLRenderTarget } from 'three';

export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface CompileOptions {
  /** Compile for drawing into this target (its programs differ from the screen's: linear output). */
  target?: WebGLRenderTarget;
  cancelled?: () => boolean;
}

/** Compiles and links the programs that drawing `root` into `scene` with `camera` will use, one per task. */
export async function compileStepwise(gl: WebGLRenderer, root: Object3D, camera: Camera, scene: Scene, options: CompileOptions = {}): Promise<void> {
  const meshes: Mesh[] = [];
  root.traverse((o) => {
    if ((o as Mesh).isMesh && (o as Mesh).material) meshes.push(o as Mesh);
  });
  for (const mesh of meshes) {
    const material = mesh.material;
    // A transparent two-sided material is drawn in two passes, back then front, one program each.
    const sides = !Array.isArray(material) && material.transparent && material.side === DoubleSide && !material.forceSinglePass ? [BackSide, FrontSide] : [null];
    for (const side of sides) {
      if (options.cancelled?.()) return;
      const programsBefore = gl.info.programs?.length ?? 0;
      const previous = gl.getRenderTarget();
      if (options.target) gl.setRenderTarget(options.target);
      if (side !== null) setSide(material as Material, side);
      try {
        gl.compile(mesh, camera, scene);
        firstUse(gl);
      } finally {
        if (side !== null) setSide(material as Material, DoubleSide);
        if (options.target) gl.setRenderTarget(previous);
      }
      // A mesh whose programs were already there cost nothing: no task to give back.
      if ((gl.info.programs?.length ?? 0) !== programsBefore) await nextTask();
    }
  }
}

function setSide(material: Material, side: Side) {
  material.side = side;
  material.needsUpdate = true;
}

/**
 * three checks a program's link and looks its uniforms up at its first draw: do it now, in this task,
 * for every program made so far (a two-sided transparent material has two; used ones cost nothing).
 */
function firstUse(gl: WebGLRenderer) {
  for (const program of (gl.info.programs ?? []) as unknown as { getUniforms(): unknown }[]) program.getUniforms();
}
