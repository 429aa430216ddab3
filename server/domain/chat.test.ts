import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { checkPlainText, createKeywordFilter, normaliseForFilter, SlidingWindowLimiter } from './chat';

describe('keyword filter', () => {
  const filter = createKeywordFilter(['darn', 'ばか']);

  it('normalises full-width letters, case and invisible characters before comparing', () => {
    expect(normaliseForFilter('ＤＡＲＮ')).toBe('darn');
    expect(normaliseForFilter('Da\u200Brn')).toBe('darn');
    expect(filter('oh ＤＡＲＮ it')).toBe('darn');
    expect(filter('DaRn!')).toBe('darn');
    expect(filter('d\u00ADarn')).toBe('darn');
  });

  it('matches Latin words whole, so longer words that contain them pass', () => {
    expect(filter('darnell is here')).toBeNull();
    expect(filter('a darn good deal')).toBe('darn');
  });

  it('matches words of scripts without spaces anywhere, including half-width kana folded by NFKC', () => {
    expect(filter('この人ばかだ')).toBe('ばか');
    expect(filter('ﾊﾞｶ')).toBeNull();
    expect(createKeywordFilter(['バカ'])('ﾊﾞｶです')).toBe('バカ');
  });

  it('has a small default list', () => {
    expect(createKeywordFilter()('what the FUCK')).toBe('fuck');
    expect(createKeywordFilter()('lovely glasses')).toBeNull();
  });
});

describe('plain text check', () => {
  const refuse = (text: string) => {
    try {
      checkPlainText(text, 'The message', 300);
    } catch (error) {
      return error instanceof DomainError ? error.code : 'other';
    }
    return null;
  };

  it('trims and accepts ordinary text, markup included (it is never parsed)', () => {
    expect(checkPlainText('  <b>hi</b>  ', 'The message', 300)).toBe('<b>hi</b>');
  });

  it('refuses empty, too long, NUL, control and bidi-override text', () => {
    expect(refuse('   ')).toBe('VALIDATION_FAILED');
    expect(refuse('x'.repeat(301))).toBe('VALIDATION_FAILED');
    expect(refuse('a\u0000b')).toBe('VALIDATION_FAILED');
    expect(refuse('line\nbreak')).toBe('VALIDATION_FAILED');
    expect(refuse('a\u0007b')).toBe('VALIDATION_FAILED');
    expect(refuse('abc\u202Egnp.exe')).toBe('VALIDATION_FAILED');
    expect(refuse('x'.repeat(300))).toBeNull();
  });
});

describe('sliding window rate limiter', () => {
  it('allows the limit within a window, refuses the next, and frees up as hits age out', () => {
    let t = 0;
    const limiter = new SlidingWindowLimiter(5, 10_000, () => t);
    for (let i = 0; i < 5; i++) {
      expect(limiter.take('a')).toBe(true);
      t += 1000;
    }
    expect(limiter.take('a')).toBe(false);
    // Another author has a budget of their own.
    expect(limiter.take('b')).toBe(true);
    // At t = 10 000 the first hit (t = 0) is out of the window: one more is allowed, not a whole new window.
    t = 10_000;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('does not count refused hits, so a client hammering the limit is not locked out for longer', () => {
    let t = 0;
    const limiter = new SlidingWindowLimiter(2, 1000, () => t);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(true);
    for (let i = 0; i < 10; i++) expect(limiter.take('a')).toBe(false);
    t = 1000;
    expect(limiter.take('a')).toBe(true);
  });
});
