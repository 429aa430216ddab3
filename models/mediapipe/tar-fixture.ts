// Test helper: a ustar archive written by hand from the format (512-byte header + data blocks).
import { gzipSync } from 'node:zlib';
import { concat } from './archive';

const text = (s: string) => new TextEncoder().encode(s);

export function tgzOf(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const file of files) {
    const header = new Uint8Array(512);
    header.set(text(file.name), 0);
    header.set(text(`${file.data.length.toString(8).padStart(11, '0')}\0`), 124);
    header[156] = '0'.charCodeAt(0);
    header.set(text('ustar\0'), 257);
    blocks.push(header, file.data, new Uint8Array((512 - (file.data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return new Uint8Array(gzipSync(concat(blocks)));
}
