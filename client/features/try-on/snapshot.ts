// A snapshot of the try-on as the user sees it: the mirrored camera picture, the lipstick layer
// multiplied onto it as on screen, then the 3D overlay, at the camera's resolution.

export interface SnapshotLayers {
  video: HTMLVideoElement;
  lips?: HTMLCanvasElement | null;
  overlay?: HTMLCanvasElement | null;
}

export async function composeSnapshot({ video, lips, overlay }: SnapshotLayers, type = 'image/jpeg', quality = 0.92): Promise<Blob> {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (!width || !height) throw new Error('The camera has no picture yet');
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas');
  // Mirrored, like the live view: people expect a selfie to look like their mirror image.
  ctx.translate(width, 0);
  ctx.scale(-1, 1);
  ctx.drawImage(video, 0, 0, width, height);
  if (lips && lips.width > 0) {
    ctx.globalCompositeOperation = 'multiply';
    ctx.drawImage(lips, 0, 0, width, height);
    ctx.globalCompositeOperation = 'source-over';
  }
  if (overlay && overlay.width > 0) ctx.drawImage(overlay, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('Snapshot encoding failed'))), type, quality));
}

/** The default snapshot action: save it as a file. */
export function downloadBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
