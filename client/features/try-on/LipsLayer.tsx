// Lipstick: the lip polygon in the variant's shade on a 2D canvas that the page multiplies onto the
// video (CSS mix-blend-mode), so the lips' own texture and highlights show through. Needs no WebGL.
// Drawn from its own animation frame loop, only when the tracker has a new result.
import { useEffect, type RefObject } from 'react';
import { lipPolygon, lipPolygonLength, lipsOuter } from './anchors';
import { figuresIntervalMs, writeFigures } from './figures';
import type { TrackingFrame, TryOnTracker } from './tracker';

const lipScratch = new Float32Array(lipPolygonLength);

export function drawLips(canvas: HTMLCanvasElement, f: TrackingFrame | null, color: string) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (f && (canvas.width !== f.width || canvas.height !== f.height)) {
    canvas.width = f.width;
    canvas.height = f.height;
  }
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!f) return;
  const points = lipPolygon(f.landmarks, f.width, f.height, lipScratch);
  ctx.save();
  ctx.globalAlpha = 0.62;
  ctx.fillStyle = color;
  // A soft edge: a hard polygon outline looks painted on.
  ctx.filter = `blur(${Math.max(1, f.width / 480).toFixed(1)}px)`;
  ctx.beginPath();
  const outer = lipsOuter.length;
  const count = lipPolygonLength / 2;
  for (let i = 0; i < count; i++) {
    const x = points[i * 2]!;
    const y = points[i * 2 + 1]!;
    if (i === 0 || i === outer) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
    if (i === outer - 1 || i === count - 1) ctx.closePath();
  }
  // The inner contour is a hole: the mouth opening keeps the teeth uncoloured.
  ctx.fill('evenodd');
  ctx.restore();
}

export function useLipsLayer(tracker: TryOnTracker, canvasRef: RefObject<HTMLCanvasElement | null>, stageRef: RefObject<HTMLElement | null>, color: string, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    let frame = 0;
    let frames = 0;
    let lastVersion = -1;
    let lastFiguresAt = 0;
    const loop = () => {
      frame = requestAnimationFrame(loop);
      frames++;
      const f = tracker.latest;
      const found = f.found && f.task === 'face';
      const canvas = canvasRef.current;
      if (canvas && f.version !== lastVersion) {
        lastVersion = f.version;
        drawLips(canvas, found ? f : null, color);
      }
      const now = performance.now();
      if (stageRef.current && now - lastFiguresAt >= figuresIntervalMs) {
        lastFiguresAt = now;
        writeFigures(stageRef.current, tracker, frames, found);
      }
    };
    frame = requestAnimationFrame(loop);
    // A new shade repaints at once, without waiting for the next result.
    if (canvasRef.current && tracker.latest.found && tracker.latest.task === 'face') drawLips(canvasRef.current, tracker.latest, color);
    return () => cancelAnimationFrame(frame);
  }, [tracker, canvasRef, stageRef, color, enabled]);
}
