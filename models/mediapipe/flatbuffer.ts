// The few FlatBuffers primitives the bundle build needs, written from the format's definition
// (https://flatbuffers.dev/internals): read tables, vectors and strings of an existing buffer, and
// EXTEND a buffer without rewriting it. Every offset inside a flatbuffer is relative and points
// forward (uoffset) or to a vtable (soffset, signed), so the original bytes stay valid wherever
// they sit; new tables placed in front of them may point into them. The new root goes first.

export class FlatReader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8(at: number) {
    return this.view.getUint8(at);
  }
  i8(at: number) {
    return this.view.getInt8(at);
  }
  u16(at: number) {
    return this.view.getUint16(at, true);
  }
  i32(at: number) {
    return this.view.getInt32(at, true);
  }
  u32(at: number) {
    return this.view.getUint32(at, true);
  }
  u64(at: number) {
    return this.view.getBigUint64(at, true);
  }
  f32(at: number) {
    return this.view.getFloat32(at, true);
  }
  /** The root table's position. */
  root(): number {
    return this.u32(0);
  }
  identifier(): string {
    return String.fromCharCode(...this.bytes.subarray(4, 8));
  }
  /** Follows a uoffset stored at `at`. */
  deref(at: number): number {
    return at + this.u32(at);
  }
  /** Number of fields a table's vtable describes. */
  fieldCount(table: number): number {
    const vtable = table - this.i32(table);
    return (this.u16(vtable) - 4) / 2;
  }
  /** Position of field `index` in a table, or 0 when it is absent (default value). */
  field(table: number, index: number): number {
    const vtable = table - this.i32(table);
    const vtableSize = this.u16(vtable);
    const slot = 4 + 2 * index;
    if (slot >= vtableSize) return 0;
    const offset = this.u16(vtable + slot);
    return offset === 0 ? 0 : table + offset;
  }
  /** A table-valued (or vector/string-valued) field's target, or 0 when absent. */
  ref(table: number, index: number): number {
    const at = this.field(table, index);
    return at === 0 ? 0 : this.deref(at);
  }
  vectorLength(vector: number): number {
    return this.u32(vector);
  }
  /** Position of element i of a vector whose elements are `size` bytes (4 for offsets). */
  element(vector: number, i: number, size: number): number {
    return vector + 4 + i * size;
  }
  /** Element i of a vector of tables. */
  tableAt(vector: number, i: number): number {
    return this.deref(this.element(vector, i, 4));
  }
  tables(table: number, index: number): number[] {
    const vector = this.ref(table, index);
    if (vector === 0) return [];
    return Array.from({ length: this.vectorLength(vector) }, (_, i) => this.tableAt(vector, i));
  }
  int32s(table: number, index: number): number[] {
    const vector = this.ref(table, index);
    if (vector === 0) return [];
    return Array.from({ length: this.vectorLength(vector) }, (_, i) => this.i32(this.element(vector, i, 4)));
  }
  float32s(table: number, index: number): number[] {
    const vector = this.ref(table, index);
    if (vector === 0) return [];
    return Array.from({ length: this.vectorLength(vector) }, (_, i) => this.f32(this.element(vector, i, 4)));
  }
  bytesOf(table: number, index: number): Uint8Array | null {
    const vector = this.ref(table, index);
    if (vector === 0) return null;
    const start = vector + 4;
    return this.bytes.subarray(start, start + this.vectorLength(vector));
  }
  string(table: number, index: number): string | null {
    const bytes = this.bytesOf(table, index);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  }
  scalarU32(table: number, index: number, fallback = 0): number {
    const at = this.field(table, index);
    return at === 0 ? fallback : this.u32(at);
  }
  scalarI32(table: number, index: number, fallback = 0): number {
    const at = this.field(table, index);
    return at === 0 ? fallback : this.i32(at);
  }
  scalarI8(table: number, index: number, fallback = 0): number {
    const at = this.field(table, index);
    return at === 0 ? fallback : this.i8(at);
  }
  scalarU8(table: number, index: number, fallback = 0): number {
    const at = this.field(table, index);
    return at === 0 ? fallback : this.u8(at);
  }
  scalarU64(table: number, index: number, fallback = 0n): bigint {
    const at = this.field(table, index);
    return at === 0 ? fallback : this.u64(at);
  }
}

/**
 * Something a new field can point at: an object written by the builder (its distance from the end
 * of the new part), or an object of the original buffer (its position there).
 */
export type Ref = { readonly built: number } | { readonly original: number };

type Field =
  | { index: number; kind: 'u8' | 'i8' | 'bool'; value: number }
  | { index: number; kind: 'i32' | 'u32' | 'f32'; value: number }
  | { index: number; kind: 'u64'; value: bigint }
  | { index: number; kind: 'ref'; value: Ref };

const fieldSize: Record<Field['kind'], number> = { u8: 1, i8: 1, bool: 1, i32: 4, u32: 4, f32: 4, u64: 8, ref: 4 };

/**
 * Builds new objects back to front, as FlatBuffers builders do, in a part that will be placed
 * directly in front of an original buffer (or stand alone when there is none). "Distance" is the
 * number of bytes from an object to the end of the new part, i.e. to the original's first byte.
 * The new part's length is kept a multiple of 16 so the original's aligned data stays aligned.
 */
export class PrefixBuilder {
  private buffer = new Uint8Array(1024);
  /** Bytes written so far, counted from the end of `buffer`. */
  private size = 0;

  private grow(needed: number) {
    if (this.size + needed <= this.buffer.length) return;
    let length = this.buffer.length * 2;
    while (this.size + needed > length) length *= 2;
    const next = new Uint8Array(length);
    next.set(this.buffer.subarray(this.buffer.length - this.size), length - this.size);
    this.buffer = next;
  }

  /** Pads so that after `additional` more bytes, the write position is aligned to `align`. */
  private prep(align: number, additional: number) {
    const padding = (align - ((this.size + additional) % align)) % align;
    this.grow(padding + additional);
    this.size += padding; // the buffer starts zeroed
  }

  private put(bytes: number, write: (view: DataView, at: number) => void) {
    this.grow(bytes);
    this.size += bytes;
    const at = this.buffer.length - this.size;
    write(new DataView(this.buffer.buffer), at);
  }

  /** Writes a uoffset pointing at `target`; the current write position is the offset's own. */
  private putRef(target: Ref) {
    this.prep(4, 4);
    const distance = this.size + 4;
    if ('built' in target) {
      if (target.built >= distance) throw new Error('flatbuffer offsets must point forward');
      this.put(4, (v, at) => v.setUint32(at, distance - target.built, true));
    } else {
      // The original starts where this part ends; the value depends only on distance and target.
      this.put(4, (v, at) => v.setUint32(at, distance + target.original, true));
    }
  }

  createBytes(data: Uint8Array, align = 16): Ref {
    // The data's first byte is what must be aligned (Buffer.data is force_align 16).
    this.prep(Math.max(align, 4), data.length);
    this.grow(data.length);
    this.size += data.length;
    this.buffer.set(data, this.buffer.length - this.size);
    this.put(4, (v, at) => v.setUint32(at, data.length, true));
    return { built: this.size };
  }

  createString(text: string): Ref {
    const data = new TextEncoder().encode(text);
    this.prep(4, data.length + 1 + 4);
    this.grow(data.length + 1);
    this.size += 1; // the terminating zero
    this.size += data.length;
    this.buffer.set(data, this.buffer.length - this.size);
    this.put(4, (v, at) => v.setUint32(at, data.length, true));
    return { built: this.size };
  }

  createInt32s(values: readonly number[]): Ref {
    this.prep(4, 4 * values.length + 4);
    for (let i = values.length - 1; i >= 0; i--) this.put(4, (v, at) => v.setInt32(at, values[i]!, true));
    this.put(4, (v, at) => v.setUint32(at, values.length, true));
    return { built: this.size };
  }

  createFloat32s(values: readonly number[]): Ref {
    this.prep(4, 4 * values.length + 4);
    for (let i = values.length - 1; i >= 0; i--) this.put(4, (v, at) => v.setFloat32(at, values[i]!, true));
    this.put(4, (v, at) => v.setUint32(at, values.length, true));
    return { built: this.size };
  }

  createRefs(refs: readonly Ref[]): Ref {
    this.prep(4, 4 * refs.length + 4);
    for (let i = refs.length - 1; i >= 0; i--) this.putRef(refs[i]!);
    this.put(4, (v, at) => v.setUint32(at, refs.length, true));
    return { built: this.size };
  }

  /** A table with the given fields (absent fields take their schema default). */
  createTable(fields: Field[]): Ref {
    // Largest fields first keeps the table compact and every field naturally aligned.
    const ordered = [...fields].sort((a, b) => fieldSize[a.kind] - fieldSize[b.kind] || b.index - a.index);
    const positions = new Map<number, number>();
    const end = this.size;
    for (const field of ordered) {
      switch (field.kind) {
        case 'u8':
        case 'i8':
        case 'bool':
          this.put(1, (v, at) => v.setUint8(at, field.value & 0xff));
          break;
        case 'i32':
          this.prep(4, 4);
          this.put(4, (v, at) => v.setInt32(at, field.value, true));
          break;
        case 'u32':
          this.prep(4, 4);
          this.put(4, (v, at) => v.setUint32(at, field.value, true));
          break;
        case 'f32':
          this.prep(4, 4);
          this.put(4, (v, at) => v.setFloat32(at, field.value, true));
          break;
        case 'u64':
          this.prep(8, 8);
          this.put(8, (v, at) => v.setBigUint64(at, field.value, true));
          break;
        case 'ref':
          this.putRef(field.value);
          break;
      }
      positions.set(field.index, this.size);
    }
    // The soffset to the vtable.
    this.prep(4, 4);
    this.put(4, () => undefined);
    const table = this.size;
    const fieldSlots = fields.length === 0 ? 0 : Math.max(...fields.map((f) => f.index)) + 1;
    const vtableSize = 4 + 2 * fieldSlots;
    const objectSize = table - end;
    const slots: number[] = [vtableSize, objectSize];
    for (let i = 0; i < fieldSlots; i++) {
      const at = positions.get(i);
      slots.push(at === undefined ? 0 : table - at);
    }
    // vtable sits in front of the table: soffset = table - vtable (positive).
    for (let i = slots.length - 1; i >= 0; i--) this.put(2, (v, at) => v.setUint16(at, slots[i]!, true));
    const vtable = this.size;
    const tableAt = this.buffer.length - table;
    new DataView(this.buffer.buffer).setInt32(tableAt, vtable - table, true);
    return { built: table };
  }

  /**
   * Ends the new part: root offset and file identifier first, padded so its length is a multiple
   * of 16. Returns the new part followed by `original`.
   */
  finish(root: Ref, identifier: string, original: Uint8Array = new Uint8Array()): Uint8Array {
    if (identifier.length !== 4) throw new Error('a file identifier is 4 characters');
    this.prep(16, 8);
    const ids = new TextEncoder().encode(identifier);
    this.put(4, (v, at) => ids.forEach((b, i) => v.setUint8(at + i, b)));
    this.putRef(root);
    const out = new Uint8Array(this.size + original.length);
    out.set(this.buffer.subarray(this.buffer.length - this.size), 0);
    out.set(original, this.size);
    return out;
  }
}

export const field = {
  u8: (index: number, value: number): Field => ({ index, kind: 'u8', value }),
  i8: (index: number, value: number): Field => ({ index, kind: 'i8', value }),
  bool: (index: number, value: boolean): Field => ({ index, kind: 'bool', value: value ? 1 : 0 }),
  i32: (index: number, value: number): Field => ({ index, kind: 'i32', value }),
  u32: (index: number, value: number): Field => ({ index, kind: 'u32', value }),
  f32: (index: number, value: number): Field => ({ index, kind: 'f32', value }),
  u64: (index: number, value: bigint): Field => ({ index, kind: 'u64', value }),
  ref: (index: number, value: Ref): Field => ({ index, kind: 'ref', value }),
};
export type { Field };
