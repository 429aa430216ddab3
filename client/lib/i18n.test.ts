import { describe, expect, it } from 'vitest';
import { detectLocale, translate, translateOptional } from './i18n';
import { en } from './messages/en';
import { ja } from './messages/ja';
import { safeNext } from './safeNext';

describe('i18n', () => {
  it('fills {placeholders}', () => {
    expect(translate('en', 'product.onlyLeft', { n: 3 })).toBe('Only 3 left');
    expect(translate('ja', 'product.onlyLeft', { n: 3 })).toBe('残りわずか（あと3点）');
  });

  it('leaves a placeholder without a value visible rather than blank', () => {
    expect(translate('en', 'product.onlyLeft')).toBe('Only {n} left');
  });

  it('falls back to English, then to the key', () => {
    expect(translateOptional('ja', 'error.SOMETHING_NEW')).toBeNull();
    expect(translate('ja', 'no.such.key' as never)).toBe('no.such.key');
  });

  it('uses a singular form where the language has one', () => {
    expect(translate('en', 'cart.items', { n: 1 })).toBe('1 item');
    expect(translate('en', 'cart.items', { n: 2 })).toBe('2 items');
    expect(translate('ja', 'cart.items', { n: 1 })).toBe('1点');
  });

  it('has every English key in Japanese, none of them empty', () => {
    const required = Object.keys(en).filter((key) => !key.includes('#'));
    expect(Object.keys(ja).sort()).toEqual(required.sort());
    for (const [key, value] of Object.entries(ja)) expect(value, key).not.toBe('');
  });

  it('picks Japanese for Japanese browsers, English otherwise, and a stored choice first', () => {
    expect(detectLocale(null, 'ja-JP')).toBe('ja');
    expect(detectLocale(null, 'ja')).toBe('ja');
    expect(detectLocale(null, 'en-GB')).toBe('en');
    expect(detectLocale(null, 'fr')).toBe('en');
    expect(detectLocale(null, undefined)).toBe('en');
    expect(detectLocale('en', 'ja-JP')).toBe('en');
    expect(detectLocale('de', 'ja-JP')).toBe('ja');
  });
});

describe('safeNext', () => {
  it('only follows paths on this site', () => {
    expect(safeNext('/checkout')).toBe('/checkout');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
