import { describe, expect, it } from 'vitest';
import { inviteFor, inviteLink } from './invite';

const token = 'A'.repeat(40) + '_-9';

function memory() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

describe('invite', () => {
  it('takes the token from the link and remembers it for the tab', () => {
    const storage = memory();
    expect(inviteFor('r1', token, storage)).toBe(token);
    expect(inviteFor('r1', null, storage)).toBe(token);
    expect(inviteFor('r2', null, storage)).toBeNull();
  });

  it('refuses what is not a token, without forgetting the good one', () => {
    const storage = memory();
    inviteFor('r1', token, storage);
    expect(inviteFor('r1', 'short', storage)).toBe(token);
    expect(inviteFor('r9', 'x'.repeat(43) + '!', storage)).toBeNull();
  });

  it('makes the link to share from the site’s origin', () => {
    expect(inviteLink('http://localhost:3000', 'r 1', token)).toBe(`http://localhost:3000/rooms/r%201?invite=${token}`);
  });
});
