// A show's chat: persisted messages, a keyword filter, a rate limit per author, and moderation by
// the host, admins and the show's moderators (delete, mute, ban). Text is only ever text: it is
// stored and sent as typed, and the client renders it as a text node, so markup stays inert.
import crypto from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import type { ChatAuthorRole, ChatMessage, ChatSanction, SanctionKind } from '../../common/api';
import type { Db } from '../adapters/db';
import { chatMessages, chatSanctions, showModerators, shows, users } from '../adapters/db/schema';
import { DomainError, notFound } from './errors';
import type { Publisher } from './realtime';

// ---------- who is speaking ----------

/** A visitor as chat sees one: the account when signed in, and always the browser (the `bid` cookie). */
export interface Viewer {
  userId: string | null;
  /** The account's role (buyer, host, admin) when signed in. */
  userRole: string | null;
  /** The account's display name when signed in. */
  accountName: string | null;
  browserId: string;
}

/** user:<id> for a signed-in user, guest:<browser id> otherwise: one key per author for rate limits, votes and moderation. */
export const authorKeyOf = (viewer: Viewer) => (viewer.userId ? `user:${viewer.userId}` : `guest:${viewer.browserId}`);

/** The sanction subjects that apply to a viewer: the account (any browser) and the browser (any session, signed in or not). */
export const sanctionSubjectsOf = (viewer: Viewer) => [...(viewer.userId ? [`user:${viewer.userId}`] : []), `browser:${viewer.browserId}`];

/** The subject a sanction on a message's author targets. */
const subjectOfAuthor = (authorKey: string) => (authorKey.startsWith('guest:') ? `browser:${authorKey.slice('guest:'.length)}` : authorKey);

/** Names a sanction's subject in the API without revealing the browser id behind it (a cookie value). */
export const sanctionRefOf = (subject: string) => crypto.createHash('sha256').update(subject).digest('base64url').slice(0, 22);

// ---------- text rules (pure) ----------

/** A small default list; a deployment passes its own. Latin words match whole words, others anywhere. */
export const defaultBlockedWords = ['fuck', 'shit', 'bitch', 'asshole', 'cunt', '死ね', '殺す'];

// Zero-width characters and soft hyphens hide a word from a plain comparison ("f\u200Buck").
const invisible = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

/** The form words are compared in: NFKC (full-width and compatibility letters fold to plain ones), lower case, invisible characters removed. */
export function normaliseForFilter(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(invisible, '');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Returns the first blocked word found in a text, or null. */
export function createKeywordFilter(words: readonly string[] = defaultBlockedWords): (text: string) => string | null {
  const patterns = words
    .map((w) => normaliseForFilter(w).trim())
    .filter(Boolean)
    .map((w) => ({
      word: w,
      // Whole words for Latin script ("shitake" is not "shit"); scripts without spaces match anywhere.
      pattern: /^[\p{Script=Latin}\p{N}\s'-]+$/u.test(w) ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(w)}(?![\\p{L}\\p{N}])`, 'u') : null,
    }));
  return (text) => {
    const normal = normaliseForFilter(text);
    for (const { word, pattern } of patterns) if (pattern ? pattern.test(normal) : normal.includes(word)) return word;
    return null;
  };
}

// C0 and C1 controls (including NUL and line breaks: a message is one line) and the bidirectional
// overrides that make text display in another order than it reads.
const forbiddenCharacters = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** Checks one line of user text (already trimmed by the request schema); throws a clear 400. */
export function checkPlainText(text: string, what: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new DomainError('VALIDATION_FAILED', `${what} is empty`);
  if (trimmed.length > max) throw new DomainError('VALIDATION_FAILED', `${what} is longer than ${max} characters`);
  if (forbiddenCharacters.test(trimmed)) throw new DomainError('VALIDATION_FAILED', `${what} must not contain control characters`);
  return trimmed;
}

/** At most `limit` hits per key in any `windowMs`: a sliding window of timestamps, so a burst at a window's edge cannot double the rate. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; false (and not counted) when the key is at its limit. */
  take(key: string): boolean {
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => t - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > 50_000) this.prune(t);
    return true;
  }

  private prune(t: number) {
    for (const [key, times] of this.hits) if (times.every((at) => t - at >= this.windowMs)) this.hits.delete(key);
  }
}

// ---------- the service ----------

export interface ChatOptions {
  publisher: Publisher;
  blockedWords?: readonly string[];
  /** Messages per author per window (default 5 in 10 s). */
  rateLimit?: { count: number; windowMs: number };
  now?: () => number;
}

type ShowRow = { id: string; hostId: string; state: string; startedAt: Date | null };

export function createChat(db: Db, options: ChatOptions) {
  const now = options.now ?? Date.now;
  const filter = createKeywordFilter(options.blockedWords);
  const limiter = new SlidingWindowLimiter(options.rateLimit?.count ?? 5, options.rateLimit?.windowMs ?? 10_000, now);
  const channelOf = (showId: string) => `show:${showId}` as const;

  async function requireShow(showId: string): Promise<ShowRow> {
    const [row] = await db.select({ id: shows.id, hostId: shows.hostId, state: shows.state, startedAt: shows.startedAt }).from(shows).where(eq(shows.id, showId));
    if (!row) throw notFound('Show');
    return row;
  }

  /** Chat is open before a show (viewers gather while it is scheduled) and while it is live; it closes when the show ends. */
  function requireOpen(show: ShowRow) {
    if (show.state === 'ended') throw new DomainError('INVALID_TRANSITION', 'This show has ended; its chat is closed');
  }

  async function isModerator(showId: string, userId: string) {
    const [row] = await db.select({ userId: showModerators.userId }).from(showModerators).where(and(eq(showModerators.showId, showId), eq(showModerators.userId, userId)));
    return Boolean(row);
  }

  /** The show's host, admins and the show's moderators may moderate; admins count as moderators. */
  async function roleIn(show: ShowRow, viewer: Pick<Viewer, 'userId' | 'userRole'>): Promise<ChatAuthorRole> {
    if (!viewer.userId) return 'viewer';
    if (viewer.userId === show.hostId) return 'host';
    if (viewer.userRole === 'admin' || (await isModerator(show.id, viewer.userId))) return 'moderator';
    return 'viewer';
  }

  async function requireModerator(showId: string, viewer: Pick<Viewer, 'userId' | 'userRole'>): Promise<ShowRow> {
    if (!viewer.userId) throw new DomainError('UNAUTHENTICATED', 'Please sign in');
    const show = await requireShow(showId);
    if ((await roleIn(show, viewer)) === 'viewer') throw new DomainError('FORBIDDEN', 'Only the host and moderators of this show can do this');
    return show;
  }

  /** The name an author appears under: the account's, or the one a guest gives (required). */
  function displayNameOf(viewer: Viewer, given: string | undefined): string {
    if (viewer.accountName) return viewer.accountName;
    if (!given?.trim()) throw new DomainError('VALIDATION_FAILED', 'Choose a display name to chat');
    const name = checkPlainText(given, 'The display name', 30);
    if (filter(name)) throw new DomainError('VALIDATION_FAILED', 'Choose another display name');
    return name;
  }

  /** Refuses a muted or banned author, by account and by browser. */
  async function assertMaySpeak(showId: string, viewer: Viewer) {
    const at = new Date(now());
    const rows = await db
      .select({ kind: chatSanctions.kind, until: chatSanctions.until })
      .from(chatSanctions)
      .where(and(eq(chatSanctions.showId, showId), inArray(chatSanctions.subject, sanctionSubjectsOf(viewer)), or(eq(chatSanctions.kind, 'ban'), gt(chatSanctions.until, at))));
    if (rows.some((r) => r.kind === 'ban')) throw new DomainError('FORBIDDEN', 'You have been banned from this show’s chat');
    const mute = rows.find((r) => r.kind === 'mute');
    if (mute?.until) throw new DomainError('FORBIDDEN', 'You are muted in this show’s chat for now', { mutedUntil: mute.until.toISOString() });
  }

  function checkUserText(text: string, what: string): string {
    const clean = checkPlainText(text, what, 300);
    if (filter(clean)) throw new DomainError('VALIDATION_FAILED', `${what} contains a word that is not allowed here`);
    return clean;
  }

  /** Everything a viewer's contribution (a message, a question) must pass; returns the author's key and name. */
  async function admitAuthor(show: ShowRow, viewer: Viewer, givenName: string | undefined, limitKey: string) {
    requireOpen(show);
    const displayName = displayNameOf(viewer, givenName);
    await assertMaySpeak(show.id, viewer);
    if (!limiter.take(`${limitKey}:${authorKeyOf(viewer)}`)) {
      throw new DomainError('RATE_LIMITED', `At most ${limiter.limit} messages in ${limiter.windowMs / 1000} seconds; slow down a little`);
    }
    return { authorKey: authorKeyOf(viewer), displayName };
  }

  /** Roles of many authors at once, for history and snapshots. */
  async function rolesOf(show: ShowRow, authorKeys: string[]): Promise<Map<string, ChatAuthorRole>> {
    const ids = [...new Set(authorKeys.filter((k) => k.startsWith('user:')).map((k) => k.slice(5)))];
    const roles = new Map<string, ChatAuthorRole>();
    if (!ids.length) return roles;
    const [mods, admins] = await Promise.all([
      db.select({ userId: showModerators.userId }).from(showModerators).where(and(eq(showModerators.showId, show.id), inArray(showModerators.userId, ids))),
      db.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), eq(users.role, 'admin'))),
    ]);
    for (const { userId } of mods) roles.set(`user:${userId}`, 'moderator');
    for (const { id } of admins) roles.set(`user:${id}`, 'moderator');
    roles.set(`user:${show.hostId}`, 'host');
    return roles;
  }

  async function recent(show: ShowRow, limit: number, before?: string): Promise<ChatMessage[]> {
    let older = undefined;
    if (before) {
      const [anchor] = await db.select({ createdAt: chatMessages.createdAt }).from(chatMessages).where(and(eq(chatMessages.id, before), eq(chatMessages.showId, show.id)));
      if (!anchor) throw notFound('Message');
      // Messages in the same millisecond are told apart by id, the same order the page is sorted in.
      older = or(lt(chatMessages.createdAt, anchor.createdAt), and(eq(chatMessages.createdAt, anchor.createdAt), lt(chatMessages.id, before)));
    }
    const rows = await db
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.showId, show.id), isNull(chatMessages.deletedAt), older))
      .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
      .limit(limit);
    const roles = await rolesOf(show, rows.map((r) => r.authorKey));
    return rows.reverse().map((r) => ({ id: r.id, displayName: r.displayName, text: r.text, at: r.createdAt.toISOString(), authorRole: roles.get(r.authorKey) ?? 'viewer' }));
  }

  return {
    requireShow,
    requireModerator,
    roleIn,
    admitAuthor,
    checkUserText,

    async send(showId: string, viewer: Viewer, input: { text: string; displayName?: string }): Promise<ChatMessage> {
      const show = await requireShow(showId);
      const text = checkUserText(input.text, 'The message');
      const { authorKey, displayName } = await admitAuthor(show, viewer, input.displayName, 'chat');
      const id = crypto.randomUUID();
      const [row] = await db.insert(chatMessages).values({ id, showId, authorKey, displayName, text }).returning({ createdAt: chatMessages.createdAt });
      const message: ChatMessage = { id, displayName, text, at: row!.createdAt.toISOString(), authorRole: await roleIn(show, viewer) };
      await options.publisher.publish(channelOf(showId), 'chat.message', message);
      return message;
    },

    /** Oldest first; deleted messages are left out. */
    async history(showId: string, query: { before?: string; limit: number }): Promise<ChatMessage[]> {
      return recent(await requireShow(showId), query.limit, query.before);
    },

    /** The last 50 messages, for the show channel's snapshot. */
    async snapshot(showId: string): Promise<ChatMessage[]> {
      const [show] = await db.select({ id: shows.id, hostId: shows.hostId, state: shows.state, startedAt: shows.startedAt }).from(shows).where(eq(shows.id, showId));
      return show ? recent(show, 50) : [];
    },

    /** A soft delete: the row stays for the record; everyone's client removes the message on `chat.deleted`. */
    async remove(showId: string, messageId: string, moderator: Viewer): Promise<void> {
      await requireModerator(showId, moderator);
      const deleted = await db
        .update(chatMessages)
        .set({ deletedAt: new Date(now()), deletedBy: authorKeyOf(moderator) })
        .where(and(eq(chatMessages.id, messageId), eq(chatMessages.showId, showId), isNull(chatMessages.deletedAt)))
        .returning({ id: chatMessages.id });
      if (!deleted.length) {
        const [exists] = await db.select({ id: chatMessages.id }).from(chatMessages).where(and(eq(chatMessages.id, messageId), eq(chatMessages.showId, showId)));
        if (!exists) throw notFound('Message');
        // Already deleted: nothing changes, nothing is announced again.
        return;
      }
      await options.publisher.publish(channelOf(showId), 'chat.deleted', { id: messageId });
    },

    /** Mutes (for some minutes) or bans (for the show) the author of a message, by account or by browser. */
    async sanction(showId: string, moderator: Viewer, input: { messageId: string; kind: SanctionKind; minutes?: number }): Promise<ChatSanction> {
      const show = await requireModerator(showId, moderator);
      const [message] = await db
        .select({ authorKey: chatMessages.authorKey, displayName: chatMessages.displayName })
        .from(chatMessages)
        .where(and(eq(chatMessages.id, input.messageId), eq(chatMessages.showId, showId)));
      if (!message) throw notFound('Message');
      if ((await rolesOf(show, [message.authorKey])).has(message.authorKey)) {
        throw new DomainError('FORBIDDEN', 'The host and moderators cannot be muted or banned');
      }
      const subject = subjectOfAuthor(message.authorKey);
      const until = input.kind === 'mute' ? new Date(now() + input.minutes! * 60_000) : null;
      await db
        .insert(chatSanctions)
        .values({ showId, subject, kind: input.kind, until, createdBy: authorKeyOf(moderator) })
        .onConflictDoUpdate({ target: [chatSanctions.showId, chatSanctions.subject, chatSanctions.kind], set: { until, createdBy: authorKeyOf(moderator), createdAt: new Date(now()) } });
      return { ref: sanctionRefOf(subject), kind: input.kind, until: until?.toISOString() ?? null, displayName: message.displayName };
    },

    /** Mutes still running and bans, for the moderators' list. */
    async sanctions(showId: string, moderator: Viewer): Promise<ChatSanction[]> {
      await requireModerator(showId, moderator);
      const rows = await db
        .select()
        .from(chatSanctions)
        .where(and(eq(chatSanctions.showId, showId), or(eq(chatSanctions.kind, 'ban'), gt(chatSanctions.until, new Date(now())))));
      const list: ChatSanction[] = [];
      for (const r of rows) {
        const authorKey = r.subject.startsWith('browser:') ? `guest:${r.subject.slice('browser:'.length)}` : r.subject;
        const [last] = await db
          .select({ displayName: chatMessages.displayName })
          .from(chatMessages)
          .where(and(eq(chatMessages.showId, showId), eq(chatMessages.authorKey, authorKey)))
          .orderBy(desc(chatMessages.createdAt))
          .limit(1);
        list.push({ ref: sanctionRefOf(r.subject), kind: r.kind, until: r.until?.toISOString() ?? null, displayName: last?.displayName ?? null });
      }
      return list;
    },

    async lift(showId: string, moderator: Viewer, ref: string, kind: SanctionKind): Promise<void> {
      await requireModerator(showId, moderator);
      const rows = await db.select({ subject: chatSanctions.subject }).from(chatSanctions).where(and(eq(chatSanctions.showId, showId), eq(chatSanctions.kind, kind)));
      const match = rows.find((r) => sanctionRefOf(r.subject) === ref);
      if (!match) throw notFound('Sanction');
      await db.delete(chatSanctions).where(and(eq(chatSanctions.showId, showId), eq(chatSanctions.subject, match.subject), eq(chatSanctions.kind, kind)));
    },

    /** Only the show's host names its moderators. */
    async setModerator(showId: string, actor: Viewer, userId: string, on: boolean): Promise<void> {
      const show = await requireShow(showId);
      if (!actor.userId) throw new DomainError('UNAUTHENTICATED', 'Please sign in');
      if (actor.userId !== show.hostId) throw new DomainError('FORBIDDEN', 'Only the host of this show names its moderators');
      if (!on) {
        await db.delete(showModerators).where(and(eq(showModerators.showId, showId), eq(showModerators.userId, userId)));
        return;
      }
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
      if (!user) throw notFound('User');
      await db.insert(showModerators).values({ showId, userId }).onConflictDoNothing();
    },
  };
}

export type Chat = ReturnType<typeof createChat>;
