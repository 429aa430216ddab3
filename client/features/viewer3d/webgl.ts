// Whether this browser can draw WebGL at all, asked before a Canvas is created: a failed context
// creation inside r3f would otherwise surface as a thrown error mid-render.
let cached: boolean | null = null;

export function webglAvailable(): boolean {
  if (cached !== null) return cached;
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    cached = gl !== null;
    // Browsers cap live contexts per page: give this probe's back at once.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    cached = false;
  }
  return cached;
}
