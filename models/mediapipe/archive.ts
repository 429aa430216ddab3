// The two archive formats the bundle build touches, written out here so the build needs no tar or
// zip binary: an npm tarball (gzip + ustar) to read one file from, and MediaPipe's .task bundle,
// which is a ZIP whose entries are stored uncompressed (the tasks runtime maps them as they are).
import { gunzipSync, inflateRawSync } from 'node:zlib';

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as ZIP uses it). */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function tarString(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

/** Reads one regular file out of a .tgz (ustar, as `npm pack` writes it). Throws if it is absent. */
export function readFileFromTgz(tgz: Uint8Array, wantedPath: string): Uint8Array {
  const tar = gunzipSync(tgz);
  let offset = 0;
  let longName: string | null = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(tarString(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const prefix = tarString(header, 345, 155);
    const shortName = tarString(header, 0, 100);
    const name = longName ?? (prefix ? `${prefix}/${shortName}` : shortName);
    const dataStart = offset + 512;
    longName = null;
    if (type === 'L') {
      // GNU long name: the next header's name is this entry's data.
      longName = tarString(tar, dataStart, size);
    } else if ((type === '0' || type === '\0') && name === wantedPath) {
      return tar.subarray(dataStart, dataStart + size);
    }
    offset = dataStart + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${wantedPath} is not in the tarball`);
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const utf8 = new TextEncoder();

/**
 * A ZIP of stored (uncompressed) entries with a fixed timestamp, so the same inputs always give
 * the same bytes. Entry data is padded to 16-byte alignment (extra field), so a reader can map a
 * model in place, as MediaPipe's own .task files do.
 */
export function writeStoredZip(entries: ZipEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  // 1980-01-01 00:00, the earliest DOS date: a timestamp that never changes.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const entry of entries) {
    const name = utf8.encode(entry.name);
    const crc = crc32(entry.data);
    const headerLength = 30 + name.length;
    const padding = (16 - ((offset + headerLength + 4) % 16)) % 16;
    const extraLength = padding + 4;
    const local = new Uint8Array(headerLength + extraLength);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 10, true); // version needed: 1.0 (stored)
    lv.setUint16(6, 0, true); // flags
    lv.setUint16(8, 0, true); // method: stored
    lv.setUint16(10, dosTime, true);
    lv.setUint16(12, dosDate, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, entry.data.length, true);
    lv.setUint32(22, entry.data.length, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, extraLength, true);
    local.set(name, 30);
    // An "alignment" extra field (id 0xa11e, as zipalign uses): zeros that push the data along.
    lv.setUint16(30 + name.length, 0xa11e, true);
    lv.setUint16(32 + name.length, padding, true);
    chunks.push(local, entry.data);

    const record = new Uint8Array(46 + name.length);
    const cv = new DataView(record.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // made by
    cv.setUint16(6, 10, true);
    cv.setUint16(8, 0, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, dosTime, true);
    cv.setUint16(14, dosDate, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, entry.data.length, true);
    cv.setUint32(24, entry.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    record.set(name, 46);
    central.push(record);
    offset += local.length + entry.data.length;
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  return concat([...chunks, ...central, end]);
}

export interface ReadZipEntry extends ZipEntry {
  method: number;
  crc: number;
  /** Where the entry's data starts in the archive. */
  dataOffset: number;
}

/** Reads a ZIP through its central directory (stored or deflated entries); checks every CRC. */
export function readZip(zip: Uint8Array): ReadZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP: no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ReadZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('ZIP central directory is corrupt');
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    if (view.getUint32(localOffset, true) !== 0x04034b50) throw new Error(`ZIP local header of ${name} is corrupt`);
    const dataOffset = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    const raw = zip.subarray(dataOffset, dataOffset + compressedSize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) data = new Uint8Array(inflateRawSync(raw));
    else throw new Error(`ZIP entry ${name} uses unsupported method ${method}`);
    if (crc32(data) !== crc) throw new Error(`ZIP entry ${name} fails its CRC check`);
    entries.push({ name, data, method, crc, dataOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
