import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../common/api';
import { createChatCore } from './chat';
import { chatProblem, problemText } from './problem';
import { ApiError } from '../../lib/api';
import { errorAnswer, FakeRealtime, scriptedFetch } from './testing';

const channel = 'show:s1' as const;
const msg = (id: string, at: string, text = `text ${id}`): ChatMessage => ({ id, displayName: 'Aiko', text, at, authorRole: 'viewer' });

function setup(...answers: Parameters<typeof scriptedFetch>) {
  const realtime = new FakeRealtime();
  const { request, calls } = scriptedFetch(...answers);
  const core = createChatCore('s1', { realtime, request });
  const leave = core.connect();
  return { realtime, core, calls, leave, ids: () => core.store.getState().messages.map((m) => m.id) };
}

describe('chat core: messages', () => {
  it('takes the snapshot, appends events in order, and drops deleted messages', () => {
    const { realtime, ids } = setup();
    realtime.snapshot(channel, { chat: [msg('a', '2026-01-01T00:00:01Z'), msg('b', '2026-01-01T00:00:02Z')], poll: null, questions: [] });
    expect(ids()).toEqual(['a', 'b']);
    realtime.event(channel, 'chat.message', msg('c', '2026-01-01T00:00:03Z'));
    realtime.event(channel, 'chat.message', msg('c', '2026-01-01T00:00:03Z'));
    expect(ids()).toEqual(['a', 'b', 'c']);
    realtime.event(channel, 'chat.deleted', { id: 'b' });
    expect(ids()).toEqual(['a', 'c']);
    // Other features' events on the same channel are none of chat's business.
    realtime.event(channel, 'pin.added', { id: 'x' });
    expect(ids()).toEqual(['a', 'c']);
  });

  it('a fresh snapshot replaces what it held', () => {
    const { realtime, ids } = setup();
    realtime.snapshot(channel, { chat: [msg('a', '2026-01-01T00:00:01Z')] });
    realtime.snapshot(channel, { chat: [msg('z', '2026-01-01T00:00:09Z')] });
    expect(ids()).toEqual(['z']);
  });

  it('shows a sent message once, in server order, even when its answer overtakes an earlier event', async () => {
    const mine = msg('m', '2026-01-01T00:00:05Z', 'hello');
    const { realtime, core, calls, ids } = setup({ status: 201, body: mine });
    realtime.snapshot(channel, { chat: [] });
    expect(await core.send({ text: 'hello', displayName: 'Aiko' })).toBe(true);
    expect(calls).toEqual([{ method: 'POST', path: '/api/shows/s1/chat', body: { text: 'hello', displayName: 'Aiko' } }]);
    realtime.event(channel, 'chat.message', msg('early', '2026-01-01T00:00:04Z'));
    realtime.event(channel, 'chat.message', mine);
    expect(ids()).toEqual(['early', 'm']);
    expect(core.store.getState().sending).toBe(false);
  });

  it('a message deleted before its own answer arrives does not come back', async () => {
    const { realtime, core, ids } = setup({ status: 201, body: msg('m', '2026-01-01T00:00:05Z') });
    realtime.snapshot(channel, { chat: [] });
    realtime.event(channel, 'chat.deleted', { id: 'm' });
    await core.send({ text: 'x' });
    expect(ids()).toEqual([]);
  });

  it('stops listening when left', () => {
    const { realtime, leave, ids } = setup();
    leave();
    realtime.event(channel, 'chat.message', msg('a', '2026-01-01T00:00:01Z'));
    expect(ids()).toEqual([]);
  });
});

describe('chat core: errors and moderation', () => {
  it('keeps the refusal as a readable problem and clears it', async () => {
    const { core } = setup(errorAnswer(429, 'RATE_LIMITED', 'At most 5 messages in 10 seconds; slow down a little'));
    expect(await core.send({ text: 'hi', displayName: 'A' })).toBe(false);
    expect(core.store.getState().sendError).toEqual({ key: 'chat.error.tooFast' });
    expect(problemText(core.store.getState().sendError!, 'ja')).toContain('送信が速すぎます');
    core.clearError();
    expect(core.store.getState().sendError).toBeNull();
  });

  it('maps each refusal the server makes to its own words', () => {
    const e = (code: ConstructorParameters<typeof ApiError>[0], status: number, message: string, details?: unknown) => chatProblem(new ApiError(code, status, message, details));
    expect(e('VALIDATION_FAILED', 400, 'The message contains a word that is not allowed here')).toEqual({ key: 'chat.error.filtered' });
    expect(e('VALIDATION_FAILED', 400, 'The message is longer than 300 characters')).toEqual({ key: 'chat.error.tooLong', params: { max: 300 } });
    expect(e('VALIDATION_FAILED', 400, 'Choose a display name to chat')).toEqual({ key: 'chat.error.name' });
    expect(e('FORBIDDEN', 403, 'You have been banned from this show’s chat')).toEqual({ key: 'chat.error.banned' });
    expect(e('FORBIDDEN', 403, 'You are muted in this show’s chat for now', { mutedUntil: '2026-01-01T10:05:00Z' })).toEqual({ key: 'chat.error.mutedUntil', until: '2026-01-01T10:05:00Z' });
    expect(e('INVALID_TRANSITION', 409, 'This show has ended; its chat is closed')).toEqual({ key: 'chat.error.ended' });
    const other = new ApiError('INTERNAL', 500, 'boom');
    expect(chatProblem(other)).toEqual({ error: other });
    expect(problemText({ key: 'chat.error.tooLong', params: { max: 300 } }, 'en')).toBe('Your message is too long (at most 300 characters).');
    expect(problemText({ key: 'chat.error.mutedUntil', until: '2026-01-01T10:05:00Z' }, 'en')).toMatch(/muted in this chat until \d\d:\d\d/);
  });

  it('reports a network failure in the app’s words', async () => {
    const { core } = setup();
    await core.send({ text: 'hi' });
    expect(problemText(core.store.getState().sendError!, 'en')).toBe('You seem to be offline. Check your connection and try again.');
  });

  it('deletes for the moderator at once, and mutes for five minutes or bans by the message', async () => {
    const sanction = { ref: 'r', kind: 'mute', until: '2026-01-01T00:05:00Z', displayName: 'Aiko' };
    const { realtime, core, calls, ids } = setup({ status: 204 }, { status: 201, body: sanction }, { status: 201, body: { ...sanction, kind: 'ban', until: null } }, errorAnswer(403, 'FORBIDDEN', 'Only the host and moderators of this show can do this'));
    realtime.snapshot(channel, { chat: [msg('a', '2026-01-01T00:00:01Z'), msg('b', '2026-01-01T00:00:02Z')] });
    expect(await core.moderate('a', 'delete')).toBe(true);
    expect(ids()).toEqual(['b']);
    expect(await core.moderate('b', 'mute')).toBe(true);
    expect(core.store.getState().sanctioned).toEqual(sanction);
    expect(await core.moderate('b', 'ban')).toBe(true);
    expect(await core.moderate('b', 'delete')).toBe(false);
    expect(problemText(core.store.getState().moderationError!, 'en')).toBe('You are not allowed to do that.');
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['DELETE', '/api/shows/s1/chat/a', undefined],
      ['POST', '/api/shows/s1/sanctions', { messageId: 'b', kind: 'mute', minutes: 5 }],
      ['POST', '/api/shows/s1/sanctions', { messageId: 'b', kind: 'ban' }],
      ['DELETE', '/api/shows/s1/chat/b', undefined],
    ]);
  });
});
