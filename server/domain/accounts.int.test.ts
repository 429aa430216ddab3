// Resolved sessions are kept briefly per instance: never past a sign-out on this instance (even one
// that lands while a lookup is in flight), never past the session's own expiry, and for at most the
// cache window after another instance (or anything else) deleted the row. Real databases; the clock
// is the test's.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../adapters/db/schema';
import { startTestServer, testBackends, type TestServer } from '../test/harness';
import { createAccounts } from './accounts';

describe.each(testBackends)('session cache on %s', (backend) => {
  let server: TestServer;
  let clock = Date.now();
  const accounts = (sessionCacheMs: number) => createAccounts(server.services.database.db, { sessionTtlDays: 30, sessionCacheMs, now: () => clock });
  const deleteRow = (id: string) => server.services.database.db.delete(sessions).where(eq(sessions.id, id));

  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(async () => {
    await server.close();
  });

  it('keeps a resolved session for the window, then asks the database again', async () => {
    const a = accounts(2_000);
    const { token, session } = await a.createGuestSession();
    expect(await a.resolveSession(token)).toEqual(session);
    // Another instance signs it out: this one still knows it, for the rest of the window only.
    await deleteRow(session.id);
    clock += 1_999;
    expect(await a.resolveSession(token)).toEqual(session);
    clock += 2;
    expect(await a.resolveSession(token)).toBeNull();
  });

  it('forgets a session at once when it signs out or signs in here', async () => {
    const a = accounts(2_000);
    const out = await a.createGuestSession();
    await a.resolveSession(out.token);
    await a.signOut(out.session);
    expect(await a.resolveSession(out.token)).toBeNull();

    const guest = await a.createGuestSession();
    await a.resolveSession(guest.token);
    const user = await a.register({ email: `cache-${backend}-${Date.now()}@example.com`, password: 'a long password', displayName: 'Cache' });
    const next = await a.signIn(guest.session, user);
    expect(await a.resolveSession(guest.token)).toBeNull();
    expect((await a.resolveSession(next.token))?.user?.id).toBe(user.id);
  });

  it('does not keep a session that a lookup in flight read just before it signed out here', async () => {
    const a = accounts(2_000);
    const { token, session } = await a.createGuestSession();
    // The lookup's (batched) query goes out in the next turn; the sign-out's delete goes after it.
    const inFlight = a.resolveSession(token);
    await new Promise((resolve) => setImmediate(resolve));
    const signedOut = a.signOut(session);
    expect(await inFlight).toEqual(session);
    await signedOut;
    expect(await a.resolveSession(token)).toBeNull();
  });

  it('never keeps a session past its own expiry', async () => {
    const a = accounts(60_000);
    const { token, session } = await a.createGuestSession();
    await server.services.database.db.update(sessions).set({ expiresAt: new Date(clock + 500) }).where(eq(sessions.id, session.id));
    expect(await a.resolveSession(token)).toEqual(session);
    clock += 501;
    expect(await a.resolveSession(token)).toBeNull();
  });

  it('asks the database every time with a window of 0', async () => {
    const a = accounts(0);
    const { token, session } = await a.createGuestSession();
    expect(await a.resolveSession(token)).toEqual(session);
    await deleteRow(session.id);
    expect(await a.resolveSession(token)).toBeNull();
  });
});
