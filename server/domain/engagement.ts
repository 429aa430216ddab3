// Polls, Q&A and reactions in a show. Votes and questions are persisted and announced as events;
// heart taps and live poll counts are latest-wins values, coalesced per show so a busy show costs a
// few broadcasts a second however many viewers tap or vote.
import crypto from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { pollResultsKey, type Poll, type PollResults, type Question } from '../../common/api';
import { channelIdOf, channelKindOf, reactionBurstKeyPrefix, type Channel, type ReactionBurst } from '../../common/realtime';
import type { Db } from '../adapters/db';
import { polls, pollVotes, questions, questionVotes, showTimeline } from '../adapters/db/schema';
import { authorKeyOf, SlidingWindowLimiter, type Chat, type Viewer } from './chat';
import { DomainError, notFound } from './errors';
import { timelineOffsetMs } from './live-rules';
import type { Publisher } from './realtime';

/**
 * Collects values per key and hands each key's merged value to `flush` at most once per interval.
 * The first value after a quiet spell goes out at once; later ones wait for the interval to pass.
 * A key with nothing new is not flushed, and is forgotten one quiet interval later.
 */
export class IntervalCoalescer<V> {
  private readonly keys = new Map<string, { pending: V | undefined; timer: NodeJS.Timeout | null }>();

  constructor(
    private readonly intervalMs: number,
    private readonly merge: (pending: V, next: V) => V,
    private readonly flush: (key: string, value: V) => void,
  ) {}

  add(key: string, value: V): void {
    const entry = this.keys.get(key);
    if (!entry) {
      // Quiet until now: out at once, then hold the spacing.
      this.keys.set(key, { pending: undefined, timer: this.arm(key) });
      this.flush(key, value);
      return;
    }
    entry.pending = entry.pending === undefined ? value : this.merge(entry.pending, value);
  }

  private arm(key: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const entry = this.keys.get(key);
      if (!entry) return;
      if (entry.pending === undefined) {
        this.keys.delete(key);
        return;
      }
      const value = entry.pending;
      entry.pending = undefined;
      entry.timer = this.arm(key);
      this.flush(key, value);
    }, this.intervalMs);
    timer.unref?.();
    return timer;
  }

  close(): void {
    for (const entry of this.keys.values()) if (entry.timer) clearTimeout(entry.timer);
    this.keys.clear();
  }
}

/** Reaction bursts: at most 4 a second per show (every 250 ms), each the sum of the taps since the last. */
export function createReactionAccumulator(flush: (showId: string, count: number) => void, intervalMs = 250) {
  return new IntervalCoalescer<number>(intervalMs, (a, b) => a + b, flush);
}

/** Votes per option, with a zero for every option nobody chose. */
export function tallyVotes(options: readonly { id: string }[], rows: readonly { optionId: string; votes: number }[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(options.map((o) => [o.id, 0]));
  for (const r of rows) if (r.optionId in counts) counts[r.optionId] = (counts[r.optionId] ?? 0) + Number(r.votes);
  return counts;
}

export interface EngagementOptions {
  publisher: Publisher;
  chat: Chat;
  now?: () => number;
  /** Reaction bursts and live poll counts per show at most this often (default 250 ms: 4 a second). */
  intervalMs?: number;
  log?: (msg: string) => void;
}

const reactionKey = `${reactionBurstKeyPrefix}:${crypto.randomBytes(4).toString('hex')}`;

export function createEngagement(db: Db, options: EngagementOptions) {
  const { publisher, chat } = options;
  const now = options.now ?? Date.now;
  const channelOf = (showId: string) => `show:${showId}` as const;
  let burstNumber = 0;
  const reactions = createReactionAccumulator((showId, count) => {
    burstNumber += 1;
    // Latest-wins rather than a logged event: a burst is only worth showing now (a viewer who
    // reconnects should not replay old hearts), and four logged events a second per show would
    // crowd pins and deals out of the catch-up window.
    publisher.publishEphemeral(channelOf(showId), reactionKey, { count, n: burstNumber } satisfies ReactionBurst);
  }, options.intervalMs ?? 250);
  // Tap messages per socket: a client batches taps a few times a second, so 20 a second is generous; the
  // gateway's general message budget applies as well.
  const tapLimiter = new SlidingWindowLimiter(20, 1000, now);

  const results = new IntervalCoalescer<string>(
    options.intervalMs ?? 250,
    (_, next) => next,
    (pollId, showId) => {
      // Counts are best effort between votes (the next vote or the close sends them again); a failure is only logged.
      void (async () => {
        const [poll] = await db.select().from(polls).where(eq(polls.id, pollId));
        if (!poll) return;
        publisher.publishEphemeral(channelOf(showId), pollResultsKey, { pollId, counts: await countsOf(poll) } satisfies PollResults);
      })().catch((error: unknown) => options.log?.(`engagement: poll results for ${pollId} failed: ${String(error)}`));
    },
  );

  async function countsOf(poll: { id: string; options: { id: string }[] }) {
    const rows = await db
      .select({ optionId: pollVotes.optionId, votes: sql<number>`count(*)::int` })
      .from(pollVotes)
      .where(eq(pollVotes.pollId, poll.id))
      .groupBy(pollVotes.optionId);
    return tallyVotes(poll.options, rows);
  }

  async function pollView(poll: typeof polls.$inferSelect): Promise<Poll> {
    return { id: poll.id, question: poll.question, options: poll.options, state: poll.state, counts: await countsOf(poll), createdAt: poll.createdAt.toISOString() };
  }

  /** Puts a poll's moments on the show's timeline (live shows only), so a replay shows it at the right time. */
  async function record(show: { id: string; state: string; startedAt: Date | null }, kind: string, data: unknown) {
    const atMs = show.state === 'live' ? timelineOffsetMs(show.startedAt, new Date(now())) : null;
    if (atMs !== null) await db.insert(showTimeline).values({ showId: show.id, atMs, kind, data });
  }

  /** The host and admins run polls. */
  async function requireHost(showId: string, viewer: Viewer) {
    if (!viewer.userId) throw new DomainError('UNAUTHENTICATED', 'Please sign in');
    const show = await chat.requireShow(showId);
    if (viewer.userId !== show.hostId && viewer.userRole !== 'admin') throw new DomainError('FORBIDDEN', 'Only the host of this show can do this');
    return show;
  }

  async function requirePoll(showId: string, pollId: string) {
    const [poll] = await db.select().from(polls).where(and(eq(polls.id, pollId), eq(polls.showId, showId)));
    if (!poll) throw notFound('Poll');
    return poll;
  }

  async function requireQuestion(showId: string, questionId: string) {
    const [q] = await db.select().from(questions).where(and(eq(questions.id, questionId), eq(questions.showId, showId), isNull(questions.deletedAt)));
    if (!q) throw notFound('Question');
    return q;
  }

  const questionView = (q: typeof questions.$inferSelect): Question => ({
    id: q.id,
    displayName: q.displayName,
    text: q.text,
    upvotes: q.upvotes,
    answeredAt: q.answeredAt?.toISOString() ?? null,
    createdAt: q.createdAt.toISOString(),
  });

  async function openPoll(showId: string) {
    const [poll] = await db.select().from(polls).where(and(eq(polls.showId, showId), eq(polls.state, 'open'))).orderBy(desc(polls.createdAt)).limit(1);
    return poll;
  }

  async function listQuestions(showId: string, limit: number): Promise<Question[]> {
    const rows = await db
      .select()
      .from(questions)
      .where(and(eq(questions.showId, showId), isNull(questions.deletedAt)))
      .orderBy(desc(questions.upvotes), asc(questions.createdAt))
      .limit(limit);
    return rows.map(questionView);
  }

  return {
    // ---------- reactions ----------

    /** Adds a viewer's batched taps to the show's next burst; `socketId` names the sending socket for its limit. */
    tapIn(channel: Channel, count: number, socketId: string | null): void {
      if (channelKindOf(channel) !== 'show') throw new DomainError('BAD_REQUEST', 'Reactions belong in a show channel');
      if (socketId && !tapLimiter.take(socketId)) throw new DomainError('RATE_LIMITED', 'Too many reactions; slow down a little');
      reactions.add(channelIdOf(channel), count);
    },

    // ---------- polls ----------

    async createPoll(showId: string, host: Viewer, input: { question: string; options: string[] }): Promise<Poll> {
      const show = await requireHost(showId, host);
      if (show.state === 'ended') throw new DomainError('INVALID_TRANSITION', 'This show has ended');
      const question = chat.checkUserText(input.question, 'The question');
      const texts = input.options.map((o) => chat.checkUserText(o, 'An option'));
      if (new Set(texts.map((t) => t.toLowerCase())).size !== texts.length) throw new DomainError('VALIDATION_FAILED', 'Options must differ');
      if (await openPoll(showId)) throw new DomainError('CONFLICT', 'Close the open poll before starting another');
      const id = crypto.randomUUID();
      const [row] = await db
        .insert(polls)
        .values({ id, showId, question, options: texts.map((text, i) => ({ id: `o${i + 1}`, text })) })
        .returning();
      const poll = await pollView(row!);
      await record(show, 'poll.opened', { pollId: id, question, options: poll.options });
      await publisher.publish(channelOf(showId), 'poll.opened', poll);
      return poll;
    },

    /** One vote per viewer (account or browser); a second is a 409. */
    async vote(showId: string, pollId: string, viewer: Viewer, optionId: string): Promise<void> {
      const poll = await requirePoll(showId, pollId);
      if (poll.state !== 'open') throw new DomainError('INVALID_TRANSITION', 'This poll is closed');
      if (!poll.options.some((o) => o.id === optionId)) throw new DomainError('VALIDATION_FAILED', 'No such option in this poll');
      const inserted = await db.insert(pollVotes).values({ pollId, voterKey: authorKeyOf(viewer), optionId }).onConflictDoNothing().returning({ pollId: pollVotes.pollId });
      if (!inserted.length) throw new DomainError('CONFLICT', 'You have already voted in this poll');
      results.add(pollId, showId);
    },

    async closePoll(showId: string, pollId: string, host: Viewer): Promise<Poll> {
      const show = await requireHost(showId, host);
      await requirePoll(showId, pollId);
      const [closed] = await db
        .update(polls)
        .set({ state: 'closed', closedAt: new Date(now()) })
        .where(and(eq(polls.id, pollId), eq(polls.state, 'open')))
        .returning();
      if (!closed) throw new DomainError('INVALID_TRANSITION', 'This poll is already closed');
      const view = await pollView(closed);
      await record(show, 'poll.closed', { pollId, counts: view.counts });
      await publisher.publish(channelOf(showId), 'poll.closed', { pollId, counts: view.counts });
      return view;
    },

    async currentPoll(showId: string): Promise<Poll | null> {
      const poll = await openPoll(showId);
      return poll ? pollView(poll) : null;
    },

    // ---------- Q&A ----------

    async ask(showId: string, viewer: Viewer, input: { text: string; displayName?: string }): Promise<Question> {
      const show = await chat.requireShow(showId);
      const text = chat.checkUserText(input.text, 'The question');
      const { authorKey, displayName } = await chat.admitAuthor(show, viewer, input.displayName, 'question');
      const [row] = await db.insert(questions).values({ id: crypto.randomUUID(), showId, authorKey, displayName, text }).returning();
      const question = questionView(row!);
      await publisher.publish(channelOf(showId), 'question.asked', question);
      return question;
    },

    async upvote(showId: string, questionId: string, viewer: Viewer): Promise<{ id: string; upvotes: number }> {
      await requireQuestion(showId, questionId);
      // Counted in the row itself so the list sorts by it; the vote row makes it once per viewer, and
      // both change together or not at all.
      const upvotes = await db.transaction(async (tx) => {
        const inserted = await tx.insert(questionVotes).values({ questionId, voterKey: authorKeyOf(viewer) }).onConflictDoNothing().returning({ questionId: questionVotes.questionId });
        if (!inserted.length) throw new DomainError('CONFLICT', 'You have already upvoted this question');
        const [row] = await tx.update(questions).set({ upvotes: sql`${questions.upvotes} + 1` }).where(eq(questions.id, questionId)).returning({ upvotes: questions.upvotes });
        return row!.upvotes;
      });
      const result = { id: questionId, upvotes };
      await publisher.publish(channelOf(showId), 'question.upvoted', result);
      return result;
    },

    /** The host and moderators mark questions answered; marking twice changes nothing. */
    async markAnswered(showId: string, questionId: string, moderator: Viewer): Promise<Question> {
      await chat.requireModerator(showId, moderator);
      await requireQuestion(showId, questionId);
      const [row] = await db
        .update(questions)
        .set({ answeredAt: new Date(now()) })
        .where(and(eq(questions.id, questionId), isNull(questions.answeredAt)))
        .returning();
      if (!row) return questionView(await requireQuestion(showId, questionId));
      await publisher.publish(channelOf(showId), 'question.answered', { id: questionId, answeredAt: row.answeredAt!.toISOString() });
      return questionView(row);
    },

    /** Most upvoted first. */
    async questions(showId: string): Promise<Question[]> {
      await chat.requireShow(showId);
      return listQuestions(showId, 100);
    },

    /** The 20 most upvoted questions, for the show channel's snapshot. */
    topQuestions(showId: string): Promise<Question[]> {
      return listQuestions(showId, 20);
    },

    close(): void {
      reactions.close();
      results.close();
    },
  };
}

export type Engagement = ReturnType<typeof createEngagement>;
