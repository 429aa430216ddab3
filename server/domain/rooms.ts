// Co-shopping rooms (issue 6): membership by invite, the shared cart with votes and comments,
// checkout of room lines through the ordinary checkout, "look at this", try-on snapshots and
// media access. The contract is common/rooms.ts.
//
// Every change of a room's cart runs in one short transaction that first bumps the room's
// `cart_version` (locking the room row), so changes from several members and instances apply one
// at a time and each version is one consistent state; the event after it carries the whole cart
// with that version, and clients keep the highest version they have seen.
import crypto from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { CheckoutRequest, OrderStatus } from '../../common/api';
import { computeTotals, lineTotal, maxLineQuantity } from '../../common/cart';
import type { Channel } from '../../common/realtime';
import type { ErrorCode } from '../../common/errors';
import {
  roomIdleHours,
  roomInvitePath,
  roomMaxCommentsPerLine,
  roomMaxLines,
  roomMaxSnapshots,
  roomMediaIdentity,
  type CreateRoomRequest,
  type RoomCart,
  type RoomCartLine,
  type RoomCheckoutRequest,
  type RoomCheckoutResponse,
  type RoomCreated,
  type RoomEvents,
  type RoomInfo,
  type RoomMediaAccess,
  type RoomMember,
  type RoomShare,
  type RoomSnapshot,
  type RoomState,
  type RoomView,
  type RoomVote,
} from '../../common/rooms';
import type { Db, Tx } from '../adapters/db';
import { orders, products, roomComments, roomLines, roomMembers, rooms, roomSnapshots, roomVotes, shows, stock, variants } from '../adapters/db/schema';
import type { SessionInfo } from './accounts';
import type { Catalog } from './catalog';
import type { Checkout } from './checkout';
import { DomainError, notFound } from './errors';
import { coShopRoom, type MediaProvider } from './media';
import type { ChannelAuthorizer, Publisher, SnapshotProvider } from './realtime';
import { checkoutItemsOf, hashInvite, inviteMatches, lineStatusForOrder, mayMemberPublish, mayMemberSetKey, newInviteToken, orderMembers, removalKind, roomExpiresAt } from './rooms-rules';
import type { RoomMesh } from './rooms-mesh';
import type { ProcessedImage } from './rooms-snapshots';

/** Ends subscriptions in a channel at once (the realtime hub implements it). */
export interface ChannelRevoker {
  revoke(channel: Channel, matches: (session: SessionInfo | null) => boolean, code: ErrorCode, message: string): number;
}

type RoomRow = typeof rooms.$inferSelect;
type MemberRow = typeof roomMembers.$inferSelect;

export interface RoomAccess {
  room: RoomRow;
  member: MemberRow;
}

/** A checkout's claim on room lines that found no order within this long died half way: the sweeper sorts it out. */
const staleClaimMs = 120_000;

const roomChannel = (roomId: string): Channel => `room:${roomId}`;
const isCurrent = (m: MemberRow) => m.leftAt === null && m.removedAt === null;
const toMember = (m: MemberRow): RoomMember => ({ id: m.id, displayName: m.displayName, role: m.role, joinedAt: m.joinedAt.toISOString() });
const newMemberId = () => crypto.randomBytes(9).toString('base64url').replace(/^[-_]/, 'm');

export interface RoomsDeps {
  catalog: Catalog;
  checkout: Checkout;
  publisher: Publisher;
  revoker: ChannelRevoker | null;
  media: MediaProvider;
  mesh: RoomMesh | null;
  maxMembers: number;
  log?: (msg: string) => void;
}

export function createRooms(db: Db, deps: RoomsDeps) {
  const { catalog, checkout, publisher, media, maxMembers } = deps;
  const log = deps.log ?? (() => undefined);

  async function publish<T extends keyof RoomEvents>(roomId: string, type: T, data: RoomEvents[T]): Promise<void> {
    await publisher.publish(roomChannel(roomId), type, data);
  }

  async function loadRoom(roomId: string): Promise<RoomRow | null> {
    const [row] = await db.select().from(rooms).where(eq(rooms.id, roomId));
    return row ?? null;
  }

  async function currentMembers(roomId: string): Promise<RoomMember[]> {
    const rows = await db
      .select()
      .from(roomMembers)
      .where(and(eq(roomMembers.roomId, roomId), isNull(roomMembers.leftAt), isNull(roomMembers.removedAt)));
    return orderMembers(rows.map(toMember));
  }

  async function memberByOwner(roomId: string, ownerKey: string): Promise<MemberRow | null> {
    const [row] = await db.select().from(roomMembers).where(and(eq(roomMembers.roomId, roomId), eq(roomMembers.ownerKey, ownerKey)));
    return row ?? null;
  }

  function infoOf(room: RoomRow, ownerMemberId: string): RoomInfo {
    return {
      id: room.id,
      showId: room.showId,
      ownerMemberId,
      maxMembers: room.maxMembers,
      createdAt: room.createdAt.toISOString(),
      expiresAt: roomExpiresAt(room.lastActiveAt, roomIdleHours).toISOString(),
    };
  }

  const touch = (roomId: string) => db.update(rooms).set({ lastActiveAt: new Date() }).where(eq(rooms.id, roomId));

  // ---------- the cart ----------

  /** The cart as one consistent state: read while no change can run (the room row is share-locked). */
  async function readCart(roomId: string): Promise<RoomCart> {
    return db.transaction(async (tx) => {
      const [room] = await tx.select({ version: rooms.cartVersion }).from(rooms).where(eq(rooms.id, roomId)).for('share');
      if (!room) throw notFound('Room');
      const lines = await tx
        .select({ l: roomLines, v: variants, p: products, free: sql<number>`coalesce(${stock.onHand} - ${stock.reserved}, 0)` })
        .from(roomLines)
        .innerJoin(variants, eq(variants.id, roomLines.variantId))
        .innerJoin(products, eq(products.id, variants.productId))
        .leftJoin(stock, eq(stock.variantId, variants.id))
        .where(eq(roomLines.roomId, roomId))
        .orderBy(asc(roomLines.addedAt), asc(roomLines.id));
      const ids = lines.map((r) => r.l.id);
      const [votes, comments] = ids.length
        ? await Promise.all([
            tx.select().from(roomVotes).where(inArray(roomVotes.lineId, ids)).orderBy(asc(roomVotes.memberId)),
            tx.select().from(roomComments).where(inArray(roomComments.lineId, ids)).orderBy(asc(roomComments.createdAt), asc(roomComments.id)),
          ])
        : [[], []];
      const cartLines: RoomCartLine[] = lines.map(({ l, v, p, free }) => {
        const unitPrice = { amount: v.price, currency: p.currency };
        const mine = votes.filter((x) => x.lineId === l.id);
        return {
          id: l.id,
          productId: p.id,
          variantId: v.id,
          name: { ja: p.nameJa, en: p.nameEn },
          variantName: { ja: v.nameJa, en: v.nameEn },
          image: p.images[0] ?? '',
          unitPrice,
          quantity: l.quantity,
          lineTotal: lineTotal({ unitPrice, quantity: l.quantity }),
          available: Math.max(0, Number(free)),
          addedBy: l.addedBy,
          addedAt: l.addedAt.toISOString(),
          votes: { up: mine.filter((x) => x.vote === 'up').map((x) => x.memberId), down: mine.filter((x) => x.vote === 'down').map((x) => x.memberId) },
          comments: comments.filter((c) => c.lineId === l.id).map((c) => ({ id: c.id, memberId: c.memberId, text: c.text, at: c.createdAt.toISOString() })),
          status: l.status,
          paidBy: l.status === 'open' ? null : l.paidBy,
        };
      });
      const open = cartLines.filter((l) => l.status === 'open');
      return { lines: cartLines, openTotals: computeTotals(open, open[0]?.unitPrice.currency ?? cartLines[0]?.unitPrice.currency ?? 'JPY'), version: room.version };
    });
  }

  /**
   * Runs one change of a room's cart: bumps the version first (which locks the room row, so changes
   * apply one at a time on every instance), then announces the cart as it now is.
   */
  async function changeCart(roomId: string, change: (tx: Tx) => Promise<void>): Promise<RoomCart> {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(rooms)
        .set({ cartVersion: sql`${rooms.cartVersion} + 1`, lastActiveAt: new Date() })
        .where(eq(rooms.id, roomId))
        .returning({ id: rooms.id });
      if (!row) throw notFound('Room');
      await change(tx);
    });
    const cart = await readCart(roomId);
    await publish(roomId, 'room.cart', { cart });
    return cart;
  }

  async function lineIn(tx: Tx, roomId: string, lineId: string) {
    const [line] = await tx.select().from(roomLines).where(and(eq(roomLines.id, lineId), eq(roomLines.roomId, roomId)));
    if (!line) throw notFound('Room line');
    return line;
  }

  function assertOpen(line: { status: string }) {
    if (line.status !== 'open') throw new DomainError('ROOM_LINE_LOCKED', line.status === 'bought' ? 'This item is already bought' : 'This item is being paid for');
  }

  /**
   * Stock and quantity rules for a line, read inside the cart's transaction (on PGlite a query
   * outside it would wait for the transaction's own lock).
   */
  async function checkStock(tx: Tx, variantId: string, quantity: number) {
    const [variant] = await tx
      .select({ currency: products.currency, free: sql<number>`coalesce(${stock.onHand} - ${stock.reserved}, 0)` })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .leftJoin(stock, eq(stock.variantId, variants.id))
      .where(eq(variants.id, variantId));
    if (!variant) throw notFound('Variant');
    const available = Math.max(0, Number(variant.free));
    if (quantity > maxLineQuantity) throw new DomainError('VALIDATION_FAILED', `At most ${maxLineQuantity} of one item per line`);
    if (available <= 0) throw new DomainError('SOLD_OUT', 'Sold out', { variantId });
    if (quantity > available) throw new DomainError('INSUFFICIENT_STOCK', `Only ${available} left`, { variantId, available });
    return variant;
  }

  // ---------- order outcomes ----------

  /**
   * Brings room lines in line with the orders that cover them: paid → bought, cancelled, expired or
   * refunded → open again. Safe to repeat; runs after each payment outcome and from the sweeper
   * (which also settles claims whose checkout died before it made an order).
   */
  async function reconcile(orderIds?: string[]): Promise<number> {
    const rows = await db
      .select({ id: roomLines.id, roomId: roomLines.roomId, status: roomLines.status, orderId: roomLines.orderId, orderStatus: orders.status })
      .from(roomLines)
      .innerJoin(orders, eq(orders.id, roomLines.orderId))
      .where(orderIds ? inArray(roomLines.orderId, orderIds) : ne(roomLines.status, 'open'));
    const due = rows.filter((r) => lineStatusForOrder(r.orderStatus as OrderStatus) !== r.status);
    const stale = orderIds
      ? []
      : await db
          .select({ id: roomLines.id, roomId: roomLines.roomId, checkoutKey: roomLines.checkoutKey, ownerKey: roomMembers.ownerKey })
          .from(roomLines)
          .innerJoin(roomMembers, eq(roomMembers.id, roomLines.paidBy))
          .where(and(eq(roomLines.status, 'paying'), isNull(roomLines.orderId), lt(roomLines.claimedAt, new Date(Date.now() - staleClaimMs))));
    const roomIds = new Set([...due.map((r) => r.roomId), ...stale.map((r) => r.roomId)]);
    for (const roomId of roomIds) {
      await changeCart(roomId, async (tx) => {
        for (const line of due.filter((r) => r.roomId === roomId)) {
          const [order] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, line.orderId!));
          const next = lineStatusForOrder((order?.status ?? 'cancelled') as OrderStatus);
          const reopen = next === 'open';
          await tx
            .update(roomLines)
            .set(reopen ? { status: 'open', paidBy: null, orderId: null, checkoutKey: null, claimedAt: null } : { status: next })
            .where(and(eq(roomLines.id, line.id), eq(roomLines.orderId, line.orderId!)));
        }
        for (const line of stale.filter((r) => r.roomId === roomId)) {
          const [order] = line.checkoutKey
            ? await tx.select({ id: orders.id, status: orders.status }).from(orders).where(and(eq(orders.ownerKey, line.ownerKey), eq(orders.idempotencyKey, line.checkoutKey)))
            : [];
          const where = and(eq(roomLines.id, line.id), isNull(roomLines.orderId), eq(roomLines.status, 'paying'));
          if (order && lineStatusForOrder(order.status as OrderStatus) !== 'open') {
            await tx.update(roomLines).set({ orderId: order.id, status: lineStatusForOrder(order.status as OrderStatus) }).where(where);
          } else {
            await tx.update(roomLines).set({ status: 'open', paidBy: null, checkoutKey: null, claimedAt: null }).where(where);
          }
        }
      });
    }
    return due.length + stale.length;
  }

  // ---------- state ----------

  async function snapshotsOf(roomId: string): Promise<RoomSnapshot[]> {
    const rows = await db
      .select({
        id: roomSnapshots.id,
        memberId: roomSnapshots.memberId,
        width: roomSnapshots.width,
        height: roomSnapshots.height,
        bytes: roomSnapshots.bytes,
        productId: roomSnapshots.productId,
        createdAt: roomSnapshots.createdAt,
      })
      .from(roomSnapshots)
      .where(eq(roomSnapshots.roomId, roomId))
      .orderBy(asc(roomSnapshots.createdAt), asc(roomSnapshots.id));
    return rows.map((r) => toSnapshot(roomId, r));
  }

  function toSnapshot(roomId: string, r: { id: string; memberId: string; width: number; height: number; bytes: number; productId: string | null; createdAt: Date }): RoomSnapshot {
    return {
      id: r.id,
      memberId: r.memberId,
      url: `/api/rooms/${roomId}/snapshots/${r.id}`,
      contentType: 'image/jpeg',
      width: r.width,
      height: r.height,
      bytes: r.bytes,
      productId: r.productId,
      at: r.createdAt.toISOString(),
    };
  }

  async function state(roomId: string): Promise<RoomState | null> {
    const room = await loadRoom(roomId);
    if (!room) return null;
    const [members, cart, snapshots] = await Promise.all([currentMembers(roomId), readCart(roomId), snapshotsOf(roomId)]);
    const owner = members.find((m) => m.role === 'owner');
    return { room: infoOf(room, owner?.id ?? ''), members, cart, share: room.share ?? null, snapshots };
  }

  async function view(roomId: string, member: MemberRow): Promise<RoomView> {
    const s = await state(roomId);
    if (!s) throw notFound('Room');
    return { ...s, me: toMember(member) };
  }

  async function announceMembers(roomId: string, removed: string[] = []): Promise<RoomMember[]> {
    const members = await currentMembers(roomId);
    await publish(roomId, 'room.members', { members, removed });
    return members;
  }

  async function invited(roomId: string, invite: string | null, session: SessionInfo | null): Promise<{ room: RoomRow; member: MemberRow | null }> {
    const room = await loadRoom(roomId);
    if (!room || !invite || !inviteMatches(invite, room.inviteHash)) throw notFound('Room');
    const member = session ? await memberByOwner(roomId, session.ownerKey) : null;
    if (member?.removedAt) throw new DomainError('ROOM_REMOVED', 'The room’s owner removed you from this room');
    return { room, member };
  }

  const revokeMember = (roomId: string, ownerKey: string, code: ErrorCode, message: string) =>
    deps.revoker?.revoke(roomChannel(roomId), (session) => session?.ownerKey === ownerKey, code, message);

  return {
    readCart,
    reconcile,
    state,

    async create(session: SessionInfo, request: CreateRoomRequest, browserId: string | null): Promise<RoomCreated> {
      if (request.showId) {
        const [show] = await db.select({ state: shows.state }).from(shows).where(eq(shows.id, request.showId));
        if (!show) throw notFound('Show');
        if (show.state === 'ended') throw new DomainError('INVALID_TRANSITION', 'This show has ended; start a room to browse the shop instead');
      }
      const token = newInviteToken();
      const roomId = crypto.randomUUID();
      const member = await db.transaction(async (tx) => {
        await tx.insert(rooms).values({ id: roomId, showId: request.showId, inviteHash: hashInvite(token), maxMembers });
        const [row] = await tx
          .insert(roomMembers)
          .values({ id: newMemberId(), roomId, ownerKey: session.ownerKey, browserId, displayName: request.displayName, role: 'owner' })
          .returning();
        return row!;
      });
      return { ...(await view(roomId, member)), inviteToken: token, inviteUrl: roomInvitePath(roomId, token) };
    },

    /** Checks the invite on every request, then the caller's membership. A wrong invite is "not found". */
    async access(roomId: string, invite: string | null, session: SessionInfo | null): Promise<RoomAccess> {
      const { room, member } = await invited(roomId, invite, session);
      if (!member || !isCurrent(member)) throw new DomainError('ROOM_NOT_MEMBER', 'Join this room first');
      return { room, member };
    },

    /** The invite check alone, for joining: a removed member is told so, anyone else may go on to join. */
    async checkInvite(roomId: string, invite: string | null, session: SessionInfo | null): Promise<void> {
      await invited(roomId, invite, session);
    },

    /** Joins (or rejoins after leaving, or renames): the cap counts current members, under the room's lock. */
    async join(roomId: string, session: SessionInfo, displayName: string, browserId: string | null): Promise<RoomView> {
      const member = await db.transaction(async (tx) => {
        const [room] = await tx.select().from(rooms).where(eq(rooms.id, roomId)).for('update');
        if (!room) throw notFound('Room');
        const members = await tx.select().from(roomMembers).where(eq(roomMembers.roomId, roomId));
        const mine = members.find((m) => m.ownerKey === session.ownerKey);
        if (mine?.removedAt || (browserId && members.some((m) => m.removedAt && m.browserId === browserId))) {
          throw new DomainError('ROOM_REMOVED', 'The room’s owner removed you from this room');
        }
        if (mine && isCurrent(mine)) {
          if (mine.displayName === displayName) return { row: mine, changed: false };
          const [renamed] = await tx.update(roomMembers).set({ displayName }).where(eq(roomMembers.id, mine.id)).returning();
          return { row: renamed!, changed: true };
        }
        if (members.filter(isCurrent).length >= room.maxMembers) throw new DomainError('ROOM_FULL', `This room is full (${room.maxMembers} people)`, { maxMembers: room.maxMembers });
        await tx.update(rooms).set({ lastActiveAt: new Date() }).where(eq(rooms.id, roomId));
        if (mine) {
          const [back] = await tx.update(roomMembers).set({ leftAt: null, displayName, browserId: browserId ?? mine.browserId, joinedAt: new Date() }).where(eq(roomMembers.id, mine.id)).returning();
          return { row: back!, changed: true };
        }
        const [row] = await tx
          .insert(roomMembers)
          .values({ id: newMemberId(), roomId, ownerKey: session.ownerKey, browserId, displayName, role: 'member' })
          .returning();
        return { row: row!, changed: true };
      });
      if (member.changed) await announceMembers(roomId);
      return view(roomId, member.row);
    },

    view: (access: RoomAccess) => view(access.room.id, access.member),

    /** The owner removes someone (who may not come back), or a member leaves (and may). */
    async removeMember(access: RoomAccess, targetId: string): Promise<RoomMember[]> {
      const kind = removalKind(access.member, targetId);
      if (kind === 'owner-cannot-leave') throw new DomainError('CONFLICT', 'The owner closes the room instead of leaving it');
      if (kind === 'forbidden') throw new DomainError('FORBIDDEN', 'Only the room’s owner removes members');
      const now = new Date();
      const [target] = await db
        .update(roomMembers)
        .set(kind === 'remove' ? { removedAt: now } : { leftAt: now })
        .where(and(eq(roomMembers.id, targetId), eq(roomMembers.roomId, access.room.id), isNull(roomMembers.removedAt), isNull(roomMembers.leftAt)))
        .returning();
      if (!target) throw notFound('Member');
      await touch(access.room.id);
      const members = await announceMembers(access.room.id, kind === 'remove' ? [target.id] : []);
      // After the announcement, so the removed member's page hears why before its subscription ends.
      revokeMember(
        access.room.id,
        target.ownerKey,
        kind === 'remove' ? 'ROOM_REMOVED' : 'ROOM_NOT_MEMBER',
        kind === 'remove' ? 'The room’s owner removed you from this room' : 'You left this room',
      );
      deps.mesh?.removeMember(access.room.id, target.id);
      return members;
    },

    /** The owner closes the room: it is deleted with its cart, comments, votes and snapshots. Orders stay. */
    async close(access: RoomAccess): Promise<void> {
      if (access.member.role !== 'owner') throw new DomainError('FORBIDDEN', 'Only the room’s owner closes it');
      await db.delete(rooms).where(eq(rooms.id, access.room.id));
      await publish(access.room.id, 'room.closed', { by: access.member.id });
      deps.revoker?.revoke(roomChannel(access.room.id), () => true, 'NOT_FOUND', 'This room was closed');
      deps.mesh?.closeRoom(access.room.id);
    },

    async mediaAccess(access: RoomAccess): Promise<RoomMediaAccess> {
      const granted = await media.access({
        room: coShopRoom(access.room.id),
        identity: roomMediaIdentity(access.member.id),
        name: access.member.displayName,
        role: 'co-shopper',
      });
      return { ...granted, memberId: access.member.id };
    },

    async share(access: RoomAccess, productId: string, variantId: string | null): Promise<RoomShare> {
      const product = await catalog.getProduct(productId);
      if (variantId && !product.variants.some((v) => v.id === variantId)) throw notFound('Variant');
      const share: RoomShare = { id: crypto.randomUUID(), memberId: access.member.id, productId, variantId, at: new Date().toISOString() };
      await db.update(rooms).set({ share, lastActiveAt: new Date() }).where(eq(rooms.id, access.room.id));
      await publish(access.room.id, 'room.shared', { share });
      return share;
    },

    // ---------- cart changes ----------

    /** Adds to the caller's own open line of this variant, or starts one. */
    async addLine(access: RoomAccess, variantId: string, quantity: number): Promise<RoomCart> {
      return changeCart(access.room.id, async (tx) => {
        const lines = await tx
          .select({ id: roomLines.id, variantId: roomLines.variantId, quantity: roomLines.quantity, status: roomLines.status, addedBy: roomLines.addedBy, currency: products.currency })
          .from(roomLines)
          .innerJoin(variants, eq(variants.id, roomLines.variantId))
          .innerJoin(products, eq(products.id, variants.productId))
          .where(eq(roomLines.roomId, access.room.id));
        const mine = lines.find((l) => l.status === 'open' && l.variantId === variantId && l.addedBy === access.member.id);
        const variant = await checkStock(tx, variantId, (mine?.quantity ?? 0) + quantity);
        if (mine) {
          await tx.update(roomLines).set({ quantity: sql`${roomLines.quantity} + ${quantity}` }).where(eq(roomLines.id, mine.id));
          return;
        }
        if (lines.length >= roomMaxLines) throw new DomainError('ROOM_LIMIT_REACHED', `A room’s cart holds at most ${roomMaxLines} lines`);
        if (lines.some((l) => l.currency !== variant.currency)) throw new DomainError('CURRENCY_MISMATCH', 'This item is sold in another currency than the room’s cart');
        await tx.insert(roomLines).values({ id: crypto.randomUUID(), roomId: access.room.id, variantId, quantity, addedBy: access.member.id });
      });
    },

    async updateLine(access: RoomAccess, lineId: string, quantity: number): Promise<RoomCart> {
      return changeCart(access.room.id, async (tx) => {
        const line = await lineIn(tx, access.room.id, lineId);
        assertOpen(line);
        await checkStock(tx, line.variantId, quantity);
        await tx.update(roomLines).set({ quantity }).where(and(eq(roomLines.id, lineId), eq(roomLines.status, 'open')));
      });
    },

    async removeLine(access: RoomAccess, lineId: string): Promise<RoomCart> {
      return changeCart(access.room.id, async (tx) => {
        const line = await lineIn(tx, access.room.id, lineId);
        assertOpen(line);
        await tx.delete(roomLines).where(and(eq(roomLines.id, lineId), eq(roomLines.status, 'open')));
      });
    },

    /** Sets (or takes back) the caller's vote: the same vote twice is one vote. */
    async vote(access: RoomAccess, lineId: string, vote: RoomVote): Promise<RoomCart> {
      return changeCart(access.room.id, async (tx) => {
        await lineIn(tx, access.room.id, lineId);
        if (vote === null) {
          await tx.delete(roomVotes).where(and(eq(roomVotes.lineId, lineId), eq(roomVotes.memberId, access.member.id)));
          return;
        }
        await tx
          .insert(roomVotes)
          .values({ lineId, memberId: access.member.id, vote })
          .onConflictDoUpdate({ target: [roomVotes.lineId, roomVotes.memberId], set: { vote } });
      });
    },

    async comment(access: RoomAccess, lineId: string, text: string): Promise<RoomCart> {
      return changeCart(access.room.id, async (tx) => {
        await lineIn(tx, access.room.id, lineId);
        const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(roomComments).where(eq(roomComments.lineId, lineId))) as [{ n: number }];
        if (Number(n) >= roomMaxCommentsPerLine) throw new DomainError('ROOM_LIMIT_REACHED', `At most ${roomMaxCommentsPerLine} comments per item`);
        await tx.insert(roomComments).values({ id: crypto.randomUUID(), lineId, memberId: access.member.id, text });
      });
    },

    // ---------- checkout ----------

    /**
     * Pays for the caller's open lines (`mine`) or all open lines (`all`) with one ordinary order:
     * the lines are claimed first (so two members cannot pay for one line), the order is created by
     * the checkout with explicit items (its reservations, prices and idempotency apply unchanged),
     * then attached to the lines; a failed checkout gives the lines back.
     */
    async checkout(access: RoomAccess, session: SessionInfo, request: RoomCheckoutRequest, idempotencyKey: string): Promise<RoomCheckoutResponse> {
      const roomId = access.room.id;
      const me = access.member.id;
      const mineWithKey = and(eq(roomLines.roomId, roomId), eq(roomLines.paidBy, me), eq(roomLines.checkoutKey, idempotencyKey));
      // A retry of the same checkout finds the lines it took and replays the same order.
      let claimed = await db.select().from(roomLines).where(mineWithKey).orderBy(asc(roomLines.addedAt), asc(roomLines.id));
      if (claimed.length === 0) {
        await changeCart(roomId, async (tx) => {
          const open = and(eq(roomLines.roomId, roomId), eq(roomLines.status, 'open'), request.scope === 'mine' ? eq(roomLines.addedBy, me) : undefined);
          const taken = await tx
            .update(roomLines)
            .set({ status: 'paying', paidBy: me, checkoutKey: idempotencyKey, claimedAt: new Date() })
            .where(open)
            .returning({ id: roomLines.id });
          if (taken.length === 0) throw new DomainError('CART_EMPTY', request.scope === 'mine' ? 'You have no open items in this room’s cart' : 'There is nothing left to pay in this room’s cart');
        });
        claimed = await db.select().from(roomLines).where(mineWithKey).orderBy(asc(roomLines.addedAt), asc(roomLines.id));
      }
      const { scope: _scope, ...payment } = request;
      const order: CheckoutRequest = { ...payment, items: checkoutItemsOf(claimed) };
      let result;
      try {
        result = await checkout.createCheckout(session, order, idempotencyKey);
      } catch (error) {
        await changeCart(roomId, async (tx) => {
          await tx
            .update(roomLines)
            .set({ status: 'open', paidBy: null, checkoutKey: null, claimedAt: null })
            .where(and(mineWithKey, isNull(roomLines.orderId)));
        }).catch((e: unknown) => log(`rooms: giving lines back after a failed checkout failed: ${String(e)}`));
        throw error;
      }
      await changeCart(roomId, async (tx) => {
        await tx.update(roomLines).set({ orderId: result.order.id }).where(and(mineWithKey, isNull(roomLines.orderId)));
      });
      // A one-tap payment may have settled the order already.
      await reconcile([result.order.id]);
      return { ...result, cart: await readCart(roomId) };
    },

    // ---------- snapshots ----------

    async addSnapshot(access: RoomAccess, image: ProcessedImage, productId: string | null): Promise<RoomSnapshot> {
      const roomId = access.room.id;
      const id = crypto.randomUUID();
      const { row, removed } = await db.transaction(async (tx) => {
        const [room] = await tx.update(rooms).set({ lastActiveAt: new Date() }).where(eq(rooms.id, roomId)).returning({ id: rooms.id });
        if (!room) throw notFound('Room');
        const [row] = await tx
          .insert(roomSnapshots)
          .values({ id, roomId, memberId: access.member.id, contentType: 'image/jpeg', width: image.width, height: image.height, bytes: image.data.length, productId, data: image.data })
          .returning({
            id: roomSnapshots.id,
            memberId: roomSnapshots.memberId,
            width: roomSnapshots.width,
            height: roomSnapshots.height,
            bytes: roomSnapshots.bytes,
            productId: roomSnapshots.productId,
            createdAt: roomSnapshots.createdAt,
          });
        // The newest stay: beyond the cap the oldest go.
        const all = await tx.select({ id: roomSnapshots.id }).from(roomSnapshots).where(eq(roomSnapshots.roomId, roomId)).orderBy(asc(roomSnapshots.createdAt), asc(roomSnapshots.id));
        const drop = all.slice(0, Math.max(0, all.length - roomMaxSnapshots)).map((r) => r.id);
        if (drop.length) await tx.delete(roomSnapshots).where(inArray(roomSnapshots.id, drop));
        return { row: row!, removed: drop };
      });
      const snapshot = toSnapshot(roomId, row);
      await publish(roomId, 'room.snapshot', { snapshot, removed });
      return snapshot;
    },

    async snapshotImage(access: RoomAccess, snapshotId: string): Promise<{ contentType: string; data: Buffer }> {
      const [row] = await db
        .select({ contentType: roomSnapshots.contentType, data: roomSnapshots.data })
        .from(roomSnapshots)
        .where(and(eq(roomSnapshots.id, snapshotId), eq(roomSnapshots.roomId, access.room.id)));
      if (!row) throw notFound('Snapshot');
      return row;
    },

    // ---------- realtime ----------

    /** The current member id of a session in a room, or null. */
    async currentMemberId(roomId: string, session: SessionInfo | null): Promise<string | null> {
      if (!session) return null;
      const member = await memberByOwner(roomId, session.ownerKey);
      return member && isCurrent(member) ? member.id : null;
    },

    /** Deletes rooms nobody changed for `roomIdleHours` (and with them, their snapshots). */
    async expireIdle(now = new Date()): Promise<number> {
      const cutoff = new Date(now.getTime() - roomIdleHours * 3_600_000);
      const gone = await db.delete(rooms).where(lt(rooms.lastActiveAt, cutoff)).returning({ id: rooms.id });
      for (const { id } of gone) {
        await publish(id, 'room.closed', { by: '' }).catch(() => undefined);
        deps.revoker?.revoke(roomChannel(id), () => true, 'NOT_FOUND', 'This room expired');
        deps.mesh?.closeRoom(id);
      }
      return gone.length;
    },
  };
}

export type Rooms = ReturnType<typeof createRooms>;

/** Who may do what in `room:<id>`: current members subscribe, signal in the mesh and set their own keys. */
export function roomChannelAuthorizer(rooms: Pick<Rooms, 'currentMemberId'>): ChannelAuthorizer {
  return async (session, channel, request) => {
    const memberId = await rooms.currentMemberId(channel.slice('room:'.length), session);
    if (!memberId) return false;
    switch (request.action) {
      case 'subscribe':
        return true;
      case 'publish':
        return mayMemberPublish(request.type);
      case 'ephemeral':
        return request.key !== undefined && mayMemberSetKey(request.key, memberId);
    }
  };
}

/** The `room:<id>` snapshot: the room's whole state (null once it is gone). */
export function roomSnapshotProvider(rooms: Pick<Rooms, 'state'>): SnapshotProvider {
  return (channel) => rooms.state(channel.slice('room:'.length));
}
