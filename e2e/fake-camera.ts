// A still picture as Chromium's fake camera: ffmpeg (Debian's) turns a fixture into a .y4m clip
// under e2e/.artifacts (git-ignored), which `--use-file-for-fake-video-capture` loops.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs } from './support';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifactsDir = path.join(here, '.artifacts');

/** The camera frame the fixtures become: 640×480, the picture scaled to the height and centred. */
export const fakeCameraSize = { width: 640, height: 480 };

/**
 * Makes (once) a one-second 30 fps clip of `fixture` (a file in e2e/fixtures) and returns its path.
 * The picture is scaled to 480 px high and padded left and right to 640×480.
 */
export function fakeCameraClip(fixture: string): string {
  const source = path.join(here, 'fixtures', fixture);
  const out = path.join(artifactsDir, `${path.parse(fixture).name}-640x480.y4m`);
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(source).mtimeMs) return out;
  fs.mkdirSync(artifactsDir, { recursive: true });
  const partial = `${out}.partial.y4m`;
  const { width, height } = fakeCameraSize;
  const result = spawnSync(
    'ffmpeg',
    ['-y', '-loglevel', 'error', '-loop', '1', '-i', source, '-vf', `scale=-2:${height},pad=${width}:${height}:(ow-iw)/2:0,format=yuv420p`, '-r', '30', '-frames:v', '30', '-f', 'yuv4mpegpipe', partial],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`ffmpeg could not make ${out}: ${result.error?.message ?? result.stderr}`);
  fs.renameSync(partial, out);
  return out;
}

/** Chromium's flags (e2e/support.ts) with `clip` as the camera. */
export function chromiumArgsWithCamera(clip: string): string[] {
  return [...chromiumArgs, `--use-file-for-fake-video-capture=${clip}`];
}
