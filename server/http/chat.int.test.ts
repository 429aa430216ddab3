// Chat through the real server on each database backend: messages fan out on the show channel,
// text stays text, every refusal is a JSON 4xx, and moderation (delete, mute, ban) holds by
// account and by browser.
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineClientEvent, type Channel } from '../../common/realtime';
import type { ClientEventContext } from '../domain/realtime';
import { chatSanctions, shows } from '../adapters/db/schema';
import { startTestServer, testBackends, type TestClient, type TestServer, signInDemo } from '../test/harness';
import { WsTestClient } from '../test/ws-client';

const showId = 'show-summer-eyewear';
const channel: Channel = `show:${showId}`;

describe.each(testBackends)('show chat on %s', (backend) => {
  let server: TestServer;
  let host: TestClient;
  const sockets: WsTestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend });
    host = server.client();
    await signInDemo(host, 'host');
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await server?.close();
  });

  async function watcher(cookie?: string): Promise<WsTestClient> {
    const ws = await WsTestClient.open(server.url, cookie ? { cookie } : {});
    sockets.push(ws);
    const answer = await ws.subscribe(channel);
    expect(answer.op).toBe('snapshot');
    return ws;
  }

  async function buyer(): Promise<{ client: TestClient; userId: string; email: string }> {
    const client = server.client();
    const email = `buyer-${crypto.randomUUID()}@example.test`;
    const res = await client.post('/api/auth/register', { email, password: 'correct horse battery', displayName: 'Buyer' });
    expect(res.status).toBe(201);
    return { client, userId: res.body.user.id, email };
  }

  const eventOf = (ws: WsTestClient, type: string, match: (data: any) => boolean) =>
    ws.waitFor((r) => r.find((m) => m.op === 'event' && m.channel === channel && m.type === type && match(m.data)), `${type} on ${channel}`);

  it("delivers a guest's message to another viewer's socket, with the guest's name and a browser cookie set", async () => {
    const other = await watcher();
    const guest = server.client();
    const res = await guest.post(`/api/shows/${showId}/chat`, { text: 'Hello from the front row', displayName: 'Mika' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ displayName: 'Mika', text: 'Hello from the front row', authorRole: 'viewer' });
    expect(guest.cookieHeader).toMatch(/(^|; )bid=[A-Za-z0-9_-]{22}/);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('bid='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=31536000/i);
    const event = await eventOf(other, 'chat.message', (d) => d.id === res.body.id);
    expect(event).toMatchObject({ data: { id: res.body.id, displayName: 'Mika', text: 'Hello from the front row', authorRole: 'viewer' } });
  });

  it('stores and delivers markup verbatim as text', async () => {
    const other = await watcher();
    const markup = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const res = await server.client().post(`/api/shows/${showId}/chat`, { text: markup, displayName: '<b>Bold</b>' });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const event = await eventOf(other, 'chat.message', (d) => d.id === res.body.id);
    expect((event as { data: { text: string; displayName: string } }).data).toMatchObject({ text: markup, displayName: '<b>Bold</b>' });
    const history = await server.client().get(`/api/shows/${showId}/chat`);
    expect(history.status).toBe(200);
    expect(history.body.find((m: { id: string }) => m.id === res.body.id).text).toBe(markup);
  });

  it('marks the host as the host and uses the account name, not a given one', async () => {
    const res = await host.post(`/api/shows/${showId}/chat`, { text: 'Welcome everyone', displayName: 'Someone else' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ displayName: 'Aiko (host)', authorRole: 'host' });
  });

  it('refuses bad messages with a JSON 4xx that says why', async () => {
    const guest = server.client();
    const post = (body: unknown) => guest.post(`/api/shows/${showId}/chat`, body);
    const cases: [unknown, number, string][] = [
      [{ text: 'no name' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'x'.repeat(301), displayName: 'Mika' }, 400, 'VALIDATION_FAILED'],
      [{ text: '   ', displayName: 'Mika' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'nul \u0000 here', displayName: 'Mika' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'bell \u0007 here', displayName: 'Mika' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'what the ＦＵＣＫ', displayName: 'Mika' }, 400, 'VALIDATION_FAILED'],
      [{ text: 'hi', displayName: 'x'.repeat(31) }, 400, 'VALIDATION_FAILED'],
      [{ text: 'hi', displayName: 'Mika', extra: true }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toEqual(expect.any(String));
    }
    const filtered = await post({ text: 'what the ＦＵＣＫ', displayName: 'Mika' });
    expect(filtered.body.error.message).toMatch(/not allowed/);
    expect((await server.client().post('/api/shows/no-such-show/chat', { text: 'hi', displayName: 'Mika' })).status).toBe(404);
  });

  it('limits each author to 5 messages in 10 seconds', async () => {
    const guest = server.client();
    for (let i = 0; i < 5; i++) expect((await guest.post(`/api/shows/${showId}/chat`, { text: `m${i}`, displayName: 'Fast' })).status).toBe(201);
    const sixth = await guest.post(`/api/shows/${showId}/chat`, { text: 'm5', displayName: 'Fast' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('RATE_LIMITED');
    // Another browser is not held back by it.
    expect((await server.client().post(`/api/shows/${showId}/chat`, { text: 'me too', displayName: 'Slow' })).status).toBe(201);
  });

  it('lets a moderator delete a message: other clients get chat.deleted and history omits it', async () => {
    const mod = await buyer();
    expect((await host.post(`/api/shows/${showId}/moderators`, { userId: mod.userId })).status).toBe(204);
    const other = await watcher();
    const sent = await server.client().post(`/api/shows/${showId}/chat`, { text: 'buy my stuff elsewhere', displayName: 'Spam' });
    expect(sent.status).toBe(201);
    const del = await mod.client.delete(`/api/shows/${showId}/chat/${sent.body.id}`);
    expect(del.status).toBe(204);
    await eventOf(other, 'chat.deleted', (d) => d.id === sent.body.id);
    const history = await server.client().get(`/api/shows/${showId}/chat?limit=100`);
    expect(history.body.map((m: { id: string }) => m.id)).not.toContain(sent.body.id);
    // A moderator's own messages carry the role.
    const own = await mod.client.post(`/api/shows/${showId}/chat`, { text: 'Please keep it friendly' });
    expect(own.body.authorRole).toBe('moderator');
    // Deleting twice changes nothing; an unknown message is a 404.
    expect((await mod.client.delete(`/api/shows/${showId}/chat/${sent.body.id}`)).status).toBe(204);
    expect((await mod.client.delete(`/api/shows/${showId}/chat/no-such-message`)).status).toBe(404);
  });

  it('refuses moderation to everyone else', async () => {
    const sent = await server.client().post(`/api/shows/${showId}/chat`, { text: 'an ordinary message', displayName: 'Ordinary' });
    const stranger = await buyer();
    const guest = server.client();
    for (const client of [stranger.client]) {
      expect((await client.delete(`/api/shows/${showId}/chat/${sent.body.id}`)).status).toBe(403);
      expect((await client.post(`/api/shows/${showId}/sanctions`, { messageId: sent.body.id, kind: 'ban' })).status).toBe(403);
      expect((await client.get(`/api/shows/${showId}/sanctions`)).status).toBe(403);
      expect((await client.post(`/api/shows/${showId}/moderators`, { userId: stranger.userId })).status).toBe(403);
    }
    // A guest is asked to sign in first.
    const asGuest = await guest.delete(`/api/shows/${showId}/chat/${sent.body.id}`);
    expect(asGuest.status).toBe(401);
    // A moderator moderates chat but does not name other moderators.
    const mod = await buyer();
    expect((await host.post(`/api/shows/${showId}/moderators`, { userId: mod.userId })).status).toBe(204);
    expect((await mod.client.post(`/api/shows/${showId}/moderators`, { userId: stranger.userId })).status).toBe(403);
    // Removing a moderator takes the right away.
    expect((await host.delete(`/api/shows/${showId}/moderators`, { userId: mod.userId })).status).toBe(204);
    expect((await mod.client.delete(`/api/shows/${showId}/chat/${sent.body.id}`)).status).toBe(403);
    // Nobody can sanction the host.
    const fromHost = await host.post(`/api/shows/${showId}/chat`, { text: 'host message' });
    expect((await host.post(`/api/shows/${showId}/sanctions`, { messageId: fromHost.body.id, kind: 'ban' })).status).toBe(403);
  });

  it('blocks a muted author until the mute ends, and lifting works', async () => {
    const guest = server.client();
    const sent = await guest.post(`/api/shows/${showId}/chat`, { text: 'too loud', displayName: 'Loud' });
    expect((await host.post(`/api/shows/${showId}/sanctions`, { messageId: sent.body.id, kind: 'mute' })).status).toBe(400);
    const mute = await host.post(`/api/shows/${showId}/sanctions`, { messageId: sent.body.id, kind: 'mute', minutes: 5 });
    expect(mute.status).toBe(201);
    expect(mute.body).toMatchObject({ kind: 'mute', displayName: 'Loud' });
    expect(JSON.stringify(mute.body)).not.toContain(guest.cookieHeader.match(/bid=([^;]+)/)![1]);
    const refused = await guest.post(`/api/shows/${showId}/chat`, { text: 'still here', displayName: 'Loud' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/muted/);
    // The mute runs out: its end is moved into the past rather than waiting five minutes.
    const db = server.services.database.db;
    await db.update(chatSanctions).set({ until: new Date(Date.now() - 1000) }).where(and(eq(chatSanctions.showId, showId), eq(chatSanctions.kind, 'mute')));
    expect((await guest.post(`/api/shows/${showId}/chat`, { text: 'back again', displayName: 'Loud' })).status).toBe(201);
    // Muted again, then lifted by the moderator.
    const again = await host.post(`/api/shows/${showId}/sanctions`, { messageId: sent.body.id, kind: 'mute', minutes: 5 });
    const list = await host.get(`/api/shows/${showId}/sanctions`);
    expect(list.body).toContainEqual(expect.objectContaining({ ref: again.body.ref, kind: 'mute' }));
    expect((await host.delete(`/api/shows/${showId}/sanctions/${again.body.ref}/mute`)).status).toBe(204);
    expect((await guest.post(`/api/shows/${showId}/chat`, { text: 'thanks', displayName: 'Loud' })).status).toBe(201);
  });

  it("holds a guest's ban after the session cookie is gone (same browser), but not for another browser", async () => {
    const guest = server.client();
    // The guest watches with a guest session (the media token creates it); the ban must not depend on it.
    expect((await guest.post(`/api/shows/${showId}/token`, { displayName: 'Rude' })).status).toBe(200);
    expect(guest.cookieHeader).toMatch(/(^|; )sid=/);
    const sent = await guest.post(`/api/shows/${showId}/chat`, { text: 'rude', displayName: 'Rude' });
    expect(sent.status).toBe(201);
    expect((await host.post(`/api/shows/${showId}/sanctions`, { messageId: sent.body.id, kind: 'ban' })).status).toBe(201);
    expect((await guest.post(`/api/shows/${showId}/chat`, { text: 'again', displayName: 'Rude' })).status).toBe(403);
    // Cookies cleared except the browser id: a new guest session from the same browser.
    const bid = guest.cookieHeader.match(/bid=([^;]+)/)![1]!;
    const sameBrowser = server.client();
    sameBrowser.setCookie('bid', bid);
    expect((await sameBrowser.post(`/api/shows/${showId}/token`, { displayName: 'Nice' })).status).toBe(200);
    expect(sameBrowser.cookieHeader).toMatch(/(^|; )sid=/);
    const refused = await sameBrowser.post(`/api/shows/${showId}/chat`, { text: 'new me', displayName: 'Nice' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/banned/);
    // Questions are refused too.
    expect((await sameBrowser.post(`/api/shows/${showId}/questions`, { text: 'a question', displayName: 'Nice' })).status).toBe(403);
    expect((await server.client().post(`/api/shows/${showId}/chat`, { text: 'different browser', displayName: 'Other' })).status).toBe(201);
  });

  it("holds a signed-in user's ban on another browser", async () => {
    const user = await buyer();
    const sent = await user.client.post(`/api/shows/${showId}/chat`, { text: 'rude words but not filtered' });
    expect(sent.status).toBe(201);
    expect((await host.post(`/api/shows/${showId}/sanctions`, { messageId: sent.body.id, kind: 'ban' })).status).toBe(201);
    const elsewhere = server.client();
    expect((await elsewhere.post('/api/auth/login', { email: user.email, password: 'correct horse battery' })).status).toBe(200);
    const refused = await elsewhere.post(`/api/shows/${showId}/chat`, { text: 'hello?' });
    expect(refused.status).toBe(403);
    // The ban is for this show only.
    expect((await elsewhere.post('/api/shows/show-gift-ideas/chat', { text: 'hello there' })).status).toBe(201);
  });

  it('pages history oldest first and leaves deleted messages out', async () => {
    const author = server.client();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await author.post('/api/shows/show-gift-ideas/chat', { text: `page ${i}`, displayName: 'Pager' })).body.id);
    const latest = await server.client().get('/api/shows/show-gift-ideas/chat?limit=2');
    expect(latest.body.map((m: { id: string }) => m.id)).toEqual(ids.slice(1));
    const older = await server.client().get(`/api/shows/show-gift-ideas/chat?limit=2&before=${ids[1]}`);
    expect(older.body.map((m: { id: string }) => m.id).at(-1)).toBe(ids[0]);
    expect((await server.client().get('/api/shows/show-gift-ideas/chat?limit=500')).status).toBe(400);
  });

  it('tells client event handlers the browser id from the WebSocket upgrade', async () => {
    const seen: ClientEventContext[] = [];
    server.services.realtime.handleClientEvent(defineClientEvent('test.whoami', z.strictObject({})), (context) => void seen.push(context), { requires: 'subscribe' });
    const guest = server.client();
    expect((await guest.post(`/api/shows/${showId}/chat`, { text: 'hi', displayName: 'Who' })).status).toBe(201);
    const bid = guest.cookieHeader.match(/bid=([^;]+)/)![1]!;
    const withCookie = await watcher(guest.cookieHeader);
    const without = await watcher();
    withCookie.send({ op: 'publish', channel, type: 'test.whoami', data: {} });
    await withCookie.roundTrip();
    without.send({ op: 'publish', channel, type: 'test.whoami', data: {} });
    await without.roundTrip();
    await expect.poll(() => seen.length).toBe(2);
    expect(seen.map((c) => c.browserId)).toEqual([bid, null]);
  });

  it("puts recent chat in the show channel's snapshot", async () => {
    const sent = await server.client().post(`/api/shows/${showId}/chat`, { text: 'in the snapshot', displayName: 'Snap' });
    const ws = await WsTestClient.open(server.url);
    sockets.push(ws);
    const snapshot = (await ws.subscribe(channel)) as { op: string; state: { chat: { id: string; text: string }[] } };
    expect(snapshot.op).toBe('snapshot');
    expect(snapshot.state.chat.length).toBeLessThanOrEqual(50);
    expect(snapshot.state.chat.at(-1)).toMatchObject({ id: sent.body.id, text: 'in the snapshot' });
  });

  it('closes chat when the show has ended, keeping its history readable', async () => {
    const ended = 'show-gift-ideas';
    await server.services.database.db.update(shows).set({ state: 'ended', endedAt: new Date() }).where(eq(shows.id, ended));
    const res = await server.client().post(`/api/shows/${ended}/chat`, { text: 'anyone?', displayName: 'Late' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_TRANSITION');
    expect((await server.client().get(`/api/shows/${ended}/chat`)).status).toBe(200);
  });
});
