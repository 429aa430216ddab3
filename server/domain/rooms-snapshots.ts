// Try-on snapshots arrive as an image from a browser: they are checked by their first bytes (not
// by what the request claims), decoded, turned upright, scaled down and re-encoded as JPEG with
// sharp, which drops every piece of metadata (EXIF GPS, camera serials, comments) on the way.
import sharp from 'sharp';
import { roomSnapshotMaxBytes, roomSnapshotMaxDimension, roomSnapshotTypes, type RoomSnapshotType } from '../../common/rooms';
import { DomainError } from './errors';
import { mediaTypeOf, sniffImageType } from './rooms-rules';

export interface ProcessedImage {
  data: Buffer;
  width: number;
  height: number;
}

/** A decoded picture larger than this many pixels is refused before it can eat the server's memory. */
const maxInputPixels = 40_000_000;

export async function processSnapshot(body: Buffer, contentType: string | undefined): Promise<ProcessedImage> {
  const declared = mediaTypeOf(contentType);
  if (!(roomSnapshotTypes as readonly string[]).includes(declared)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the snapshot as image/jpeg, image/png or image/webp');
  }
  if (body.length === 0) throw new DomainError('VALIDATION_FAILED', 'The snapshot is empty');
  if (body.length > roomSnapshotMaxBytes) throw new DomainError('PAYLOAD_TOO_LARGE', `A snapshot is at most ${roomSnapshotMaxBytes / 1024 / 1024} MB`);
  const actual = sniffImageType(body);
  if (!actual) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'This file is not a JPEG, PNG or WebP image');
  if (actual !== (declared as RoomSnapshotType)) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `The file is ${actual}, not ${declared} as the request says`);
  try {
    const { data, info } = await sharp(body, { limitInputPixels: maxInputPixels, failOn: 'error', animated: false })
      .rotate()
      .resize({ width: roomSnapshotMaxDimension, height: roomSnapshotMaxDimension, fit: 'inside', withoutEnlargement: true })
      // A transparent PNG or WebP gets a white ground rather than black.
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'The image could not be read (damaged, or too many pixels)');
  }
}
