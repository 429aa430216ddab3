// What this browser's WebGL is, asked before a Canvas is created: whether it can draw at all (a
// failed context creation inside r3f would otherwise surface as a thrown error mid-render), and
// whether a software rasteriser (SwiftShader, llvmpipe) does the drawing, where every pixel costs
// CPU that the page needs for other work, such as tracking a face.

/** Renderer names of software rasterisers. */
const softwareRenderer = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export function isSoftwareRenderer(name: string): boolean {
  return softwareRenderer.test(name);
}

/** The renderer's name as WebGL reports it (the unmasked one where the browser gives it). */
export function rendererName(gl: WebGLRenderingContext | WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}

interface WebGlProbe {
  available: boolean;
  software: boolean;
}

let cached: WebGlProbe | null = null;

function probe(): WebGlProbe {
  if (cached) return cached;
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    cached = { available: gl !== null, software: gl !== null && isSoftwareRenderer(rendererName(gl)) };
    // Browsers cap live contexts per page: give this probe's back at once.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    cached = { available: false, software: false };
  }
  return cached;
}

export function webglAvailable(): boolean {
  return probe().available;
}

/** True when WebGL draws on the CPU: multisampling there costs more than it shows. */
export function webglIsSoftware(): boolean {
  return probe().software;
}
