import { describe, expect, it } from 'vitest';
import { field, FlatReader, PrefixBuilder } from './flatbuffer';

describe('PrefixBuilder', () => {
  it('writes a standalone buffer whose tables, scalars, strings and vectors read back', () => {
    const b = new PrefixBuilder();
    const name = b.createString('TFLITE_METADATA');
    const ints = b.createInt32s([1, -2, 3_000_000]);
    const floats = b.createFloat32s([127.5, 0.25]);
    const bytes = b.createBytes(new Uint8Array([9, 8, 7]), 16);
    const child = b.createTable([field.i32(0, -42)]);
    const children = b.createRefs([child, child]);
    const root = b.createTable([
      field.ref(0, name),
      field.ref(1, ints),
      field.ref(2, floats),
      field.ref(3, bytes),
      field.ref(5, children),
      field.u8(6, 200),
      field.i8(7, -3),
      field.u64(8, 1n << 40n),
      field.u32(9, 0xfffffffe),
    ]);
    const out = b.finish(root, 'TEST');
    expect(out.length % 16).toBe(0);
    const r = new FlatReader(out);
    expect(r.identifier()).toBe('TEST');
    const t = r.root();
    expect(r.string(t, 0)).toBe('TFLITE_METADATA');
    expect(r.int32s(t, 1)).toEqual([1, -2, 3_000_000]);
    expect(r.float32s(t, 2)).toEqual([127.5, 0.25]);
    expect(Array.from(r.bytesOf(t, 3)!)).toEqual([9, 8, 7]);
    expect(r.ref(t, 3) + 4).toSatisfy((at: number) => at % 16 === 0); // force_align 16 data
    expect(r.field(t, 4)).toBe(0); // absent: default
    expect(r.tables(t, 5).map((c) => r.scalarI32(c, 0))).toEqual([-42, -42]);
    expect(r.scalarU8(t, 6)).toBe(200);
    expect(r.scalarI8(t, 7)).toBe(-3);
    expect(r.scalarU64(t, 8)).toBe(1n << 40n);
    expect(r.scalarU32(t, 9)).toBe(0xfffffffe);
    expect(r.scalarI32(t, 20, 5)).toBe(5); // beyond the vtable: default
  });

  it('extends an existing buffer in front of it: the original bytes are kept as they are and stay reachable', () => {
    const first = new PrefixBuilder();
    const kept = first.createTable([field.ref(0, first.createString('kept')), field.i32(1, 7)]);
    const original = first.finish(first.createTable([field.ref(0, first.createRefs([kept]))]), 'ORIG');
    const r0 = new FlatReader(original);
    const keptAt = r0.tables(r0.root(), 0)[0]!;

    const b = new PrefixBuilder();
    const added = b.createTable([field.ref(0, b.createString('added')), field.i32(1, 8)]);
    const extended = b.finish(b.createTable([field.ref(0, b.createRefs([{ original: keptAt }, added]))]), 'EXTD', original);

    expect((extended.length - original.length) % 16).toBe(0);
    expect(Array.from(extended.subarray(extended.length - original.length))).toEqual(Array.from(original));
    const r = new FlatReader(extended);
    expect(r.identifier()).toBe('EXTD');
    const items = r.tables(r.root(), 0);
    expect(items.map((t) => [r.string(t, 0), r.scalarI32(t, 1)])).toEqual([
      ['kept', 7],
      ['added', 8],
    ]);
    // The kept table is the original's, at its old position shifted by the new part.
    expect(items[0]).toBe(keptAt + extended.length - original.length);
  });

  it('refuses a file identifier that is not four characters', () => {
    const b = new PrefixBuilder();
    expect(() => b.finish(b.createTable([]), 'TFL')).toThrow(/4 characters/);
  });
});
