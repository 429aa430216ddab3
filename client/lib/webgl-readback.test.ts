import { describe, expect, it } from 'vitest';
import { toImageData } from './webgl-readback';

describe('toImageData', () => {
  it('puts the bottom row read back from the GPU at the top', () => {
    // 1×2: GL gives the bottom row first.
    const pixels = new Uint8Array([10, 20, 30, 255, 40, 50, 60, 255]);
    const out = new Uint8ClampedArray(8);
    toImageData(pixels, 1, 2, out);
    expect([...out]).toEqual([40, 50, 60, 255, 10, 20, 30, 255]);
  });

  it('divides premultiplied colour back out of half-covered pixels and clears empty ones', () => {
    // Half-transparent pure red, premultiplied: (128, 0, 0, 128); an empty pixel with stray colour.
    const pixels = new Uint8Array([128, 0, 0, 128, 7, 7, 7, 0]);
    const out = new Uint8ClampedArray(8).fill(99);
    toImageData(pixels, 2, 1, out);
    expect([...out]).toEqual([255, 0, 0, 128, 0, 0, 0, 0]);
  });

  it('caps colour that rounding pushed above its alpha', () => {
    const pixels = new Uint8Array([70, 10, 0, 64]);
    const out = new Uint8ClampedArray(4);
    toImageData(pixels, 1, 1, out);
    expect([...out]).toEqual([255, 40, 0, 64]);
  });
});
