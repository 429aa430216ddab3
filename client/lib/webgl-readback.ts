// Shows a WebGL picture through a 2D canvas by reading it back asynchronously. For software
// rasterisers only (SwiftShader, llvmpipe), where the page's compositor is software too: there a
// WebGL canvas on the page is read back at every commit with a blocking readPixels on the main
// thread, which waits until the GPU process has drawn everything queued before it (another
// canvas's work and the try-on worker's frames included). Measured on SwiftShader with 2 cores:
// 440 and 120 ms tasks when the try-on opens and 50–60 ms ones while it tracks. Here the picture is
// drawn on an OffscreenCanvas that is never on the page, copied into a pixel-pack buffer behind a
// fence, and shown when the fence has passed: the main thread never waits for the GPU process, and
// a frame shows a display frame or two later than it would have.
// The product page's 3D viewer (a 2 s task at its first frame) does not use this yet: with its
// frames no longer paced by those waits, the demo3d e2e's break-away check turned flaky.
import { WebGLRenderer } from 'three';
import { webglIsSoftware } from './webgl';

/** Pixels read back from the GPU (premultiplied RGBA, bottom row first) → ImageData (straight alpha, top row first). */
export function toImageData(pixels: Uint8Array, width: number, height: number, out: Uint8ClampedArray): void {
  const rowBytes = width * 4;
  for (let y = 0; y < height; y++) {
    const from = (height - 1 - y) * rowBytes;
    const to = y * rowBytes;
    for (let i = 0; i < rowBytes; i += 4) {
      const a = pixels[from + i + 3]!;
      if (a === 0) {
        out[to + i] = 0;
        out[to + i + 1] = 0;
        out[to + i + 2] = 0;
        out[to + i + 3] = 0;
      } else if (a === 255) {
        out[to + i] = pixels[from + i]!;
        out[to + i + 1] = pixels[from + i + 1]!;
        out[to + i + 2] = pixels[from + i + 2]!;
        out[to + i + 3] = 255;
      } else {
        // Straight alpha for putImageData; the clamped array rounds and caps at 255.
        const k = 255 / a;
        out[to + i] = pixels[from + i]! * k;
        out[to + i + 1] = pixels[from + i + 1]! * k;
        out[to + i + 2] = pixels[from + i + 2]! * k;
        out[to + i + 3] = a;
      }
    }
  }
}

interface Capture {
  buffer: WebGLBuffer;
  bytes: number;
  sync: WebGLSync;
  width: number;
  height: number;
}

/** How many readbacks may be in flight; an older one is dropped when a newer has passed its fence. */
const maxInFlight = 3;

export class AsyncReadback {
  /** Frames shown on the 2D canvas so far. */
  presented = 0;
  private readonly ctx: CanvasRenderingContext2D;
  private inFlight: Capture[] = [];
  private spare: { buffer: WebGLBuffer; bytes: number }[] = [];
  private pixels = new Uint8Array(0);
  private image: ImageData | null = null;
  private polling = false;
  private disposed = false;

  constructor(
    private readonly gl: WebGL2RenderingContext,
    readonly target: HTMLCanvasElement,
  ) {
    const ctx = target.getContext('2d');
    if (!ctx) throw new Error('No 2D context on the canvas to show the picture on');
    this.ctx = ctx;
  }

  /** Queues the read-back of what was just drawn to the drawing buffer. Call right after rendering to it. */
  capture(): void {
    if (this.disposed) return;
    const gl = this.gl;
    const width = gl.drawingBufferWidth;
    const height = gl.drawingBufferHeight;
    if (width === 0 || height === 0) return;
    if (this.inFlight.length >= maxInFlight) this.recycle(this.inFlight.shift()!);
    const bytes = width * height * 4;
    const slot = this.spare.pop() ?? { buffer: gl.createBuffer()!, bytes: 0 };
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, slot.buffer);
    if (slot.bytes !== bytes) {
      gl.bufferData(gl.PIXEL_PACK_BUFFER, bytes, gl.STREAM_READ);
      slot.bytes = bytes;
    }
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, 0);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (!sync) {
      this.spare.push(slot);
      return;
    }
    gl.flush();
    this.inFlight.push({ ...slot, sync, width, height });
    if (!this.polling) {
      this.polling = true;
      requestAnimationFrame(this.poll);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.inFlight) this.recycle(c);
    for (const s of this.spare) this.gl.deleteBuffer(s.buffer);
    this.inFlight = [];
    this.spare = [];
  }

  /** Once a frame: shows the newest readback whose fence has passed (sync status is cached, no round trip). */
  private poll = () => {
    if (this.disposed) return;
    const gl = this.gl;
    for (let i = this.inFlight.length - 1; i >= 0; i--) {
      const capture = this.inFlight[i]!;
      if (gl.getSyncParameter(capture.sync, gl.SYNC_STATUS) !== gl.SIGNALED) continue;
      this.present(capture);
      for (const done of this.inFlight.splice(0, i + 1)) this.recycle(done);
      break;
    }
    if (this.inFlight.length > 0) requestAnimationFrame(this.poll);
    else this.polling = false;
  };

  private present({ buffer, width, height }: Capture) {
    const gl = this.gl;
    const bytes = width * height * 4;
    if (this.pixels.length !== bytes) this.pixels = new Uint8Array(bytes);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
    gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, this.pixels);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    if (!this.image || this.image.width !== width || this.image.height !== height) this.image = new ImageData(width, height);
    toImageData(this.pixels, width, height, this.image.data);
    if (this.target.width !== width || this.target.height !== height) {
      this.target.width = width;
      this.target.height = height;
    }
    this.ctx.putImageData(this.image, 0, 0);
    this.presented++;
  }

  private recycle(capture: Capture) {
    this.gl.deleteSync(capture.sync);
    this.spare.push({ buffer: capture.buffer, bytes: capture.bytes });
  }
}

const readbacks = new WeakMap<WebGLRenderer, AsyncReadback>();

/**
 * A renderer for a canvas on the page (an r3f Canvas's `gl` factory). On a software rasteriser it
 * draws off the page and shows its picture through `canvas`, which becomes a 2D canvas; elsewhere
 * it draws on `canvas` itself.
 */
export function createPageRenderer(canvas: HTMLCanvasElement, attributes: WebGLContextAttributes): WebGLRenderer {
  if (webglIsSoftware() && typeof OffscreenCanvas !== 'undefined') {
    // Never composited, so nothing to preserve: the read-back copies each frame as it is drawn.
    const offscreenAttributes = { ...attributes, preserveDrawingBuffer: false };
    const offscreen = new OffscreenCanvas(Math.max(1, canvas.width), Math.max(1, canvas.height));
    const context = offscreen.getContext('webgl2', offscreenAttributes) as WebGL2RenderingContext | null;
    if (context) {
      const renderer = new WebGLRenderer({ canvas: offscreen as unknown as HTMLCanvasElement, context, ...offscreenAttributes });
      const readback = new AsyncReadback(context, canvas);
      // three sizes an OffscreenCanvas without styling it; the shown canvas fills its box.
      canvas.style.width = '100%';
      canvas.style.height = '100%';
      const render = renderer.render.bind(renderer);
      renderer.render = (scene, camera) => {
        render(scene, camera);
        if (renderer.getRenderTarget() === null) readback.capture();
      };
      const dispose = renderer.dispose.bind(renderer);
      renderer.dispose = () => {
        readback.dispose();
        dispose();
      };
      readbacks.set(renderer, readback);
      return renderer;
    }
  }
  const context = canvas.getContext('webgl2', attributes) as WebGL2RenderingContext | null;
  return new WebGLRenderer({ canvas, ...(context ? { context } : {}), ...attributes });
}

/** The canvas a renderer's picture is shown on. */
export function shownCanvas(gl: WebGLRenderer): HTMLCanvasElement {
  return readbacks.get(gl)?.target ?? gl.domElement;
}

/** Frames shown so far by a renderer that draws off the page; null for one that draws on it. */
export function framesShown(gl: WebGLRenderer): number | null {
  return readbacks.get(gl)?.presented ?? null;
}
