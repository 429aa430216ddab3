import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Poll, Question } from '../../../common/api';
import { errorAnswer, FakeRealtime, memoryStorage, scriptedFetch } from './testing';
import { createPollCore } from './polls';
import { createQuestionsCore } from './questions';
import { burstTracker, maxTapCount, TapBatcher } from './reactions';

const channel = 'show:s1' as const;

describe('tap batching', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends 100 taps in a second as at most 5 messages that add up to 100', () => {
    const sent: number[] = [];
    const batcher = new TapBatcher((count) => (sent.push(count), true), 250, () => Date.now());
    for (let i = 0; i < 100; i += 1) {
      batcher.tap();
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(250);
    expect(sent.length).toBeLessThanOrEqual(5);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(100);
    // The first tap goes out at once: a single tap feels instant.
    expect(sent[0]).toBe(1);
  });

  it('splits more than the server takes in one message and keeps unsent taps for the next slot', () => {
    const sent: number[] = [];
    let online = false;
    const batcher = new TapBatcher((count) => (online ? (sent.push(count), true) : false), 250, () => Date.now());
    batcher.tap(120);
    expect(sent).toEqual([]);
    online = true;
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([maxTapCount]);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual([50, 50, 20]);
    batcher.dispose();
  });

  it('counts each burst once, per server instance', () => {
    const track = burstTracker();
    expect(track({ key: 'reaction.burst:a', data: { count: 7, n: 1 } })).toBe(7);
    expect(track({ key: 'reaction.burst:a', data: { count: 7, n: 1 } })).toBe(0);
    expect(track({ key: 'reaction.burst:b', data: { count: 3, n: 1 } })).toBe(3);
    expect(track({ key: 'poll.results', data: { count: 3, n: 2 } })).toBe(0);
  });
});

const poll = (state: Poll['state'] = 'open'): Poll => ({
  id: 'p1',
  question: 'Which colour?',
  options: [
    { id: 'o1', text: 'Red' },
    { id: 'o2', text: 'Blue' },
  ],
  state,
  counts: { o1: 0, o2: 0 },
  createdAt: '2026-01-01T00:00:00Z',
});

describe('poll core', () => {
  function setup(...answers: Parameters<typeof scriptedFetch>) {
    const realtime = new FakeRealtime();
    const storage = memoryStorage();
    const { request, calls } = scriptedFetch(...answers);
    const core = createPollCore('s1', { realtime, request, storage });
    core.connect();
    return { realtime, core, calls, storage };
  }

  it('votes once, remembers the vote, and follows live and final counts', async () => {
    const { realtime, core, calls, storage } = setup({ status: 201, body: { voted: 'o2' } });
    realtime.snapshot(channel, { poll: poll() });
    await core.vote('o2');
    await core.vote('o1');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/shows/s1/polls/p1/votes', body: { optionId: 'o2' } });
    expect(core.store.getState().myVote).toBe('o2');
    expect(storage.map.get('live-shop.poll-vote:p1')).toBe('o2');
    realtime.ephemeral(channel, 'poll.results', { pollId: 'p1', counts: { o1: 1, o2: 3 } });
    expect(core.store.getState().poll?.counts).toEqual({ o1: 1, o2: 3 });
    realtime.event(channel, 'poll.closed', { pollId: 'p1', counts: { o1: 2, o2: 3 } });
    realtime.ephemeral(channel, 'poll.results', { pollId: 'p1', counts: { o1: 9, o2: 9 } });
    expect(core.store.getState().poll).toMatchObject({ state: 'closed', counts: { o1: 2, o2: 3 } });
    // The closed poll stays with its results when a snapshot (which has only open polls) arrives.
    realtime.snapshot(channel, { poll: null });
    expect(core.store.getState().poll?.state).toBe('closed');
  });

  it('takes the server’s 409 as "already voted"', async () => {
    const { realtime, core } = setup(errorAnswer(409, 'CONFLICT', 'You have already voted in this poll'));
    realtime.snapshot(channel, { poll: poll() });
    await core.vote('o1');
    expect(core.store.getState()).toMatchObject({ myVote: 'unknown', voteProblem: { key: 'poll.alreadyVoted' }, voting: false });
  });

  it('a vote remembered in this browser survives a reload, and a new poll starts fresh', () => {
    const realtime = new FakeRealtime();
    const storage = memoryStorage();
    storage.setItem('live-shop.poll-vote:p1', 'o1');
    const core = createPollCore('s1', { realtime, request: scriptedFetch().request, storage });
    core.connect();
    realtime.snapshot(channel, { poll: poll() });
    expect(core.store.getState().myVote).toBe('o1');
    realtime.event(channel, 'poll.opened', { ...poll(), id: 'p2' });
    expect(core.store.getState().myVote).toBeNull();
  });

  it('the host is told to close the open poll before starting another', async () => {
    const { core } = setup(errorAnswer(409, 'CONFLICT', 'Close the open poll before starting another'));
    expect(await core.create({ question: 'Q', options: ['a', 'b'] })).toBe(false);
    expect(core.store.getState().hostProblem).toEqual({ key: 'poll.openAlready' });
  });
});

describe('questions core', () => {
  const q = (id: string, upvotes: number, createdAt: string, answeredAt: string | null = null): Question => ({ id, displayName: 'Ken', text: `q ${id}`, upvotes, answeredAt, createdAt });

  it('sorts open questions by upvotes, answered ones last, and upvotes once', async () => {
    const realtime = new FakeRealtime();
    const { request, calls } = scriptedFetch({ status: 201, body: { id: 'a', upvotes: 3 } });
    const core = createQuestionsCore('s1', { realtime, request, storage: memoryStorage() });
    core.connect();
    realtime.snapshot(channel, { questions: [q('a', 2, '2026-01-01T00:00:01Z'), q('b', 2, '2026-01-01T00:00:00Z'), q('c', 5, '2026-01-01T00:00:02Z', '2026-01-01T00:01:00Z')] });
    const order = () => core.store.getState().questions.map((x) => x.id);
    expect(order()).toEqual(['b', 'a', 'c']);
    await core.upvote('a');
    await core.upvote('a');
    expect(calls).toHaveLength(1);
    expect(order()).toEqual(['a', 'b', 'c']);
    realtime.event(channel, 'question.asked', q('d', 0, '2026-01-01T00:02:00Z'));
    realtime.event(channel, 'question.upvoted', { id: 'd', upvotes: 9 });
    realtime.event(channel, 'question.answered', { id: 'a', answeredAt: '2026-01-01T00:03:00Z' });
    expect(order()).toEqual(['d', 'b', 'c', 'a']);
  });
});
