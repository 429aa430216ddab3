// The PGlite worker thread's transactions on a real in-memory PGlite: BEGIN goes out without a
// wait of its own, and that must change nothing a caller can see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPGliteThread, type PGliteLike } from './pglite-thread';

let client: PGliteLike;

beforeAll(async () => {
  client = startPGliteThread(null);
  await client.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
}, 120_000);

afterAll(async () => {
  await client?.close();
});

const bodies = async () => (await client.query('SELECT body FROM notes ORDER BY id')).rows.map((r) => (r as { body: string }).body);

describe('PGlite thread transactions', () => {
  it('commits every statement of a transaction, its first one included', async () => {
    await client.query('DELETE FROM notes');
    const inserted = await client.transaction(async (tx) => {
      const first = await tx.query('INSERT INTO notes VALUES (1, $1) RETURNING id', ['first']);
      await tx.query('INSERT INTO notes VALUES (2, $1)', ['second']);
      return first.rows;
    });
    expect(inserted).toEqual([{ id: 1 }]);
    expect(await bodies()).toEqual(['first', 'second']);
  });

  it('rolls back the first statement too when a later one fails, and the error reaches the caller', async () => {
    await client.query('DELETE FROM notes');
    await expect(
      client.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES (1, $1)', ['kept?']);
        await tx.query('INSERT INTO notes VALUES (1, $1)', ['duplicate']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      client.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES (3, $1)', ['also gone']);
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('the caller changed its mind');
    expect(await bodies()).toEqual([]);
  });

  it('runs a transaction that sends nothing, and one that fails before sending anything', async () => {
    await expect(client.transaction(async () => 'nothing sent')).resolves.toBe('nothing sent');
    await expect(
      client.transaction(async () => {
        throw new Error('refused before any statement');
      }),
    ).rejects.toThrow('refused before any statement');
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('keeps a plain query sent during a transaction out of it: it runs after, and survives the rollback', async () => {
    await client.query('DELETE FROM notes');
    let outside: Promise<unknown> | null = null;
    await expect(
      client.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES (1, $1)', ['inside']);
        outside = client.query('INSERT INTO notes VALUES (2, $1)', ['outside']);
        // Still only the transaction's own row: the plain insert waits for the transaction to end.
        expect((await tx.query('SELECT body FROM notes ORDER BY id')).rows).toEqual([{ body: 'inside' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await outside;
    expect(await bodies()).toEqual(['outside']);
  });
});
