// The contract of co-shopping rooms (issue 6): friends watch a show (or browse the catalog) together
// in a private room with a shared, server-authoritative cart, votes, comments, "look at this" and
// try-on snapshots.
//
// ACCESS. Every room route except `POST /api/rooms` needs the room's invite token in the
// `X-Room-Invite` header (`roomInviteHeader`); a wrong or missing token is a 404 (the room's
// existence is not disclosed). Every route except `join` also needs the caller's session to be a
// current member: otherwise 403 `ROOM_NOT_MEMBER` (show the join form), or 403 `ROOM_REMOVED` for a
// member the owner removed (they cannot rejoin from the same session or browser). The invite token is
// returned once, at creation, inside the invite link `/rooms/<id>?invite=<token>`; clients keep it
// from the link they were opened with (the URL, or sessionStorage) and send it on every request.
// Membership belongs to the session (a guest's anonymous session, created on the first room request,
// or a signed-in account); signing in mid-room starts a new session, which joins again by the link.
//
// REALTIME. The channel `room:<id>` is open to current members only (subscribe, publish, latest-wins
// values). Its snapshot is a `RoomState`; its events (`RoomEvents`) each carry a whole new value, so
// a client sets state from them (applying one twice, or one already in the snapshot, is harmless).
// A removed member's subscription ends at once: the server sends them an `error` with code
// `ROOM_REMOVED` on the channel and stops sending its events. A closed room sends `room.closed` and
// then ends everyone's subscription (`error` with `NOT_FOUND`).
//
// ROUTES (all JSON unless said; errors are `{ error: { code, message } }`):
//   POST   /api/rooms                                   createRoomSchema → 201 RoomCreated (no invite header)
//   POST   /api/rooms/:id/join                          joinRoomSchema → RoomView (again: renames, same member)
//   GET    /api/rooms/:id                               → RoomView
//   DELETE /api/rooms/:id                               owner: closes and deletes the room → { closed: true }
//   DELETE /api/rooms/:id/members/:memberId             owner removes a member, or a member leaves (own id) → RoomMembersResponse
//   POST   /api/rooms/:id/token                         {} → MediaAccess (common/media.ts) + memberId
//   POST   /api/rooms/:id/share                         shareProductSchema → RoomShare ("look at this")
//   POST   /api/rooms/:id/cart/lines                    addRoomLineSchema → 201 RoomCart (same open variant: quantities add up)
//   PATCH  /api/rooms/:id/cart/lines/:lineId            updateRoomLineSchema → RoomCart (open lines only)
//   DELETE /api/rooms/:id/cart/lines/:lineId            → RoomCart (open lines only)
//   PUT    /api/rooms/:id/cart/lines/:lineId/vote       roomVoteSchema → RoomCart (vote null: take it back)
//   POST   /api/rooms/:id/cart/lines/:lineId/comments   roomCommentSchema → 201 RoomCart
//   POST   /api/rooms/:id/checkout                      roomCheckoutSchema + Idempotency-Key header → 201 RoomCheckoutResponse
//   POST   /api/rooms/:id/snapshots                     raw image body (Content-Type image/jpeg|png|webp, ≤ 2 MB) → 201 RoomSnapshot
//   GET    /api/rooms/:id/snapshots/:snapshotId         → the image (image/jpeg), members only; fetch it with the header and show a blob: URL
// Paying for the order that a room checkout creates is the ordinary flow: the demo provider's
// `POST /api/payments/demo/confirm` (or Stripe's Payment Element); `GET /api/orders/:id` lists its lines.
// The shared cart is shared: any member may change or remove any open line. Adding a variant adds to
// the caller's own open line of it (each member's lines stay theirs, for "pay for mine"). A paid
// order turns its lines `bought` at once (a `room.cart` event); a cancelled or expired one opens
// them again within about 10 s (a sweeper), as does a checkout that failed (at once).
// Error codes of rooms (messages in client/lib/messages as `error.<CODE>`): ROOM_NOT_MEMBER (403),
// ROOM_REMOVED (403), ROOM_FULL (409), ROOM_LINE_LOCKED (409), ROOM_LIMIT_REACHED (409); plus the
// usual NOT_FOUND, VALIDATION_FAILED, SOLD_OUT, INSUFFICIENT_STOCK, CART_EMPTY, UNSUPPORTED_MEDIA_TYPE
// (415), PAYLOAD_TOO_LARGE (413), IDEMPOTENCY_KEY_REQUIRED.
import { z } from 'zod';
import type { CartLine, Order, PaymentSession, Totals } from './api';
import { addressSchema, quantitySchema } from './api';
import { demo3dStateSchema } from './models';
import { defineClientEvent } from './realtime';
import { stageCandidateSchema, stageDescriptionSchema, type StageCandidate, type StageDescription } from './stage';

// ---------- limits ----------
/** The default member cap, owner included (ROOM_MAX_MEMBERS). */
export const defaultRoomMaxMembers = 6;
/** Lines in one room's cart (open, being paid and bought together). */
export const roomMaxLines = 30;
/** Comments kept per line; the next one is refused with ROOM_LIMIT_REACHED. */
export const roomMaxCommentsPerLine = 50;
export const roomCommentMax = 200;
export const roomDisplayNameMax = 30;
/** Try-on snapshots kept per room: a new one beyond this deletes the oldest. */
export const roomMaxSnapshots = 30;
/** The largest snapshot upload, in bytes. */
export const roomSnapshotMaxBytes = 2 * 1024 * 1024;
/** Snapshots are re-encoded to fit inside this many pixels on their longer side. */
export const roomSnapshotMaxDimension = 1280;
export const roomSnapshotTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type RoomSnapshotType = (typeof roomSnapshotTypes)[number];
/** A room nobody has changed for this long is deleted, with its cart and snapshots. */
export const roomIdleHours = 24;
/** A member's `member:<id>` value is refreshed at least this often; older than `roomPresenceStaleMs` means away. */
export const roomPresenceHeartbeatMs = 10_000;
export const roomPresenceStaleMs = 30_000;

/** The header that carries the invite token on every room request but creation. */
export const roomInviteHeader = 'X-Room-Invite';
/** Where an invite link points (the client's route): `/rooms/<id>?invite=<token>`. */
export const roomInvitePath = (roomId: string, token: string) => `/rooms/${encodeURIComponent(roomId)}?invite=${encodeURIComponent(token)}`;
/** Invite tokens are 32 random bytes in base64url (256 bits): 43 characters. */
export const roomInviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not an invite token');

// ---------- requests (strict: unknown fields are a 400) ----------
const idSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);
/** One line of text people call each other by; control characters are refused. */
export const roomDisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'Give a name your friends know you by')
  .max(roomDisplayNameMax, `At most ${roomDisplayNameMax} characters`)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s), 'A name is one line of plain text');

/** POST /api/rooms. `showId` null: the room browses the catalog together. */
export const createRoomSchema = z.strictObject({
  showId: idSchema.nullable(),
  displayName: roomDisplayNameSchema,
});
export type CreateRoomRequest = z.infer<typeof createRoomSchema>;

/** POST /api/rooms/:id/join (with X-Room-Invite). */
export const joinRoomSchema = z.strictObject({ displayName: roomDisplayNameSchema });
export type JoinRoomRequest = z.infer<typeof joinRoomSchema>;

/** POST /api/rooms/:id/share: "look at this". */
export const shareProductSchema = z.strictObject({ productId: idSchema, variantId: idSchema.nullable() });
export type ShareProductRequest = z.infer<typeof shareProductSchema>;

export const addRoomLineSchema = z.strictObject({ variantId: idSchema, quantity: quantitySchema });
export const updateRoomLineSchema = z.strictObject({ quantity: quantitySchema });
export const roomVoteSchema = z.strictObject({ vote: z.enum(['up', 'down']).nullable() });
export const roomCommentSchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, 'Write something first')
    .max(roomCommentMax, `At most ${roomCommentMax} characters`)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), 'A comment is plain text'),
});
export type AddRoomLineRequest = z.infer<typeof addRoomLineSchema>;
export type RoomVote = z.infer<typeof roomVoteSchema>['vote'];

/**
 * POST /api/rooms/:id/checkout with an `Idempotency-Key` header. `mine`: the caller's own open lines;
 * `all`: every open line of the room. Creates an ordinary order owned by the caller (regular prices;
 * stock reserved as any checkout), and marks the lines it covers `paying` by the caller until the
 * order is paid (`bought`) or cancelled/expired (`open` again).
 */
export const roomCheckoutSchema = z
  .strictObject({
    scope: z.enum(['mine', 'all']),
    address: addressSchema.optional(),
    useSavedAddress: z.boolean().optional(),
    useSavedPaymentMethod: z.boolean().optional(),
    saveCard: z.boolean().optional(),
    discountCode: z.string().trim().min(1).max(40).optional(),
  })
  .refine((v) => v.address || v.useSavedAddress, { message: 'A delivery address is required', path: ['address'] });
export type RoomCheckoutRequest = z.infer<typeof roomCheckoutSchema>;

// ---------- responses and the channel's state ----------
export interface RoomMember {
  /** Random, stable for the membership; names the member in lines, votes, keys and signalling. */
  id: string;
  displayName: string;
  role: 'owner' | 'member';
  joinedAt: string;
}

export interface RoomInfo {
  id: string;
  /** The show watched together; null when the room browses the catalog. */
  showId: string | null;
  ownerMemberId: string;
  maxMembers: number;
  createdAt: string;
  /** When the room is deleted if nobody changes anything before (idle expiry). */
  expiresAt: string;
}

export interface RoomComment {
  id: string;
  memberId: string;
  /** Plain text: render it as text, never as HTML. */
  text: string;
  at: string;
}

export type RoomLineStatus = 'open' | 'paying' | 'bought';

/** A line of the shop's cart (`available`: units that can still be bought at the time of this cart), and who added it. */
export interface RoomCartLine extends CartLine {
  addedBy: string;
  addedAt: string;
  /** Member ids per vote; a member is in one list at most. */
  votes: { up: string[]; down: string[] };
  /** Oldest first. */
  comments: RoomComment[];
  /** `paying`: in someone's pending order; `bought`: paid. Only `open` lines can change or be paid. */
  status: RoomLineStatus;
  /** Who is paying or paid for it; null while open. */
  paidBy: string | null;
}

export interface RoomCart {
  /** In the order they were first added. */
  lines: RoomCartLine[];
  /** Totals of the open lines (before any discount): what is left to buy. */
  openTotals: Totals;
  /** Rises with every change: a client may drop a cart older than the one it shows. */
  version: number;
}

/** "Look at this": the product a member last shared; everyone opens it. */
export interface RoomShare {
  id: string;
  memberId: string;
  productId: string;
  variantId: string | null;
  at: string;
}

export interface RoomSnapshot {
  id: string;
  memberId: string;
  /** GET it with the X-Room-Invite header: `/api/rooms/<room>/snapshots/<id>`. */
  url: string;
  contentType: 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
  /** What was being tried on, when the client said (`X-Room-Product` header, optional). */
  productId: string | null;
  at: string;
}

/** The snapshot of `room:<id>`, and most of `GET /api/rooms/:id`. */
export interface RoomState {
  room: RoomInfo;
  /** Current members, owner first, then by joining time. */
  members: RoomMember[];
  cart: RoomCart;
  share: RoomShare | null;
  /** Newest last, at most `roomMaxSnapshots`. */
  snapshots: RoomSnapshot[];
}

/** GET /api/rooms/:id and the answer to join: the state plus who the caller is. */
export interface RoomView extends RoomState {
  me: RoomMember;
}

/** POST /api/rooms: the invite link is in here and nowhere else, ever. */
export interface RoomCreated extends RoomView {
  inviteToken: string;
  /** `/rooms/<id>?invite=<token>`, to be prefixed with the site's origin. */
  inviteUrl: string;
}

export interface RoomMembersResponse {
  members: RoomMember[];
}

export interface RoomCheckoutResponse {
  order: Order;
  payment: PaymentSession;
  cart: RoomCart;
}

/** POST /api/rooms/:id/token: how to reach the room's voice and video. */
export type RoomMediaAccess = ({ kind: 'livekit'; url: string; token: string; expiresAt: string } | { kind: 'local' }) & {
  /** The caller's member id; on LiveKit each participant's identity is `member:<memberId>`. */
  memberId: string;
};
export const roomMediaIdentity = (memberId: string) => `member:${memberId}`;

// ---------- events on room:<id> (server → members; set-style) ----------
export interface RoomEvents {
  /** The member list changed (join, rename, leave, removal); `removed`: members the owner removed in this change. */
  'room.members': { members: RoomMember[]; removed: string[] };
  /** The whole cart after a change: set it (compare `version`). */
  'room.cart': { cart: RoomCart };
  /** "Look at this": open this product for everyone. */
  'room.shared': { share: RoomShare };
  /** A new try-on snapshot; `removed` lists snapshots dropped to stay within the cap. */
  'room.snapshot': { snapshot: RoomSnapshot; removed: string[] };
  /** The owner closed the room: it and everything in it are deleted. */
  'room.closed': { by: string };
}
export type RoomEventType = keyof RoomEvents;
export const roomEventTypes = ['room.members', 'room.cart', 'room.shared', 'room.snapshot', 'room.closed'] as const satisfies readonly RoomEventType[];

// ---------- latest-wins values on room:<id> (each member sets only its own keys) ----------
// A key is `<prefix>:<memberId>`; the server refuses (FORBIDDEN) a key whose member id is not the
// sender's, and (VALIDATION_FAILED) a value its schema below refuses, so what arrives is well formed.

/** `member:<memberId>`: presence and what the member is doing. Sent on change and every `roomPresenceHeartbeatMs`. */
export const roomMemberKeyPrefix = 'member';
export const roomMemberLiveSchema = z.strictObject({
  /** False when leaving (pagehide); a value older than `roomPresenceStaleMs` also means away. */
  online: z.boolean(),
  speaking: z.boolean(),
  camera: z.boolean(),
  mic: z.boolean(),
  /** What the member is trying on right now, or null. */
  tryingOn: z.strictObject({ productId: idSchema, variantId: idSchema.nullable() }).nullable(),
});
export type RoomMemberLive = z.infer<typeof roomMemberLiveSchema>;

/**
 * `look3d:<memberId>`: the 3D view state of the shared product as that member moves it. Everyone
 * follows whichever look3d value arrived last (the sharer's, until another member drags and starts
 * sending theirs). `productId` null: the member closed the 3D view.
 */
export const roomLook3dKeyPrefix = 'look3d';
export const roomLook3dSchema = demo3dStateSchema;

/** `reaction:<memberId>`: a running count per kind; receivers show the increase since the last value. */
export const roomReactionKeyPrefix = 'reaction';
export const roomReactionKinds = ['heart', 'laugh', 'wow', 'fire', 'clap'] as const;
export type RoomReactionKind = (typeof roomReactionKinds)[number];
export const roomReactionSchema = z.strictObject({ kind: z.enum(roomReactionKinds), n: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export type RoomReaction = z.infer<typeof roomReactionSchema>;

export const roomKeyPrefixes = [roomMemberKeyPrefix, roomLook3dKeyPrefix, roomReactionKeyPrefix] as const;
export const roomKey = (prefix: (typeof roomKeyPrefixes)[number], memberId: string) => `${prefix}:${memberId}`;
/** The member a room key belongs to, or null for a key no member may set. */
export function memberOfRoomKey(key: string): string | null {
  const colon = key.indexOf(':');
  if (colon < 0) return null;
  const prefix = key.slice(0, colon);
  const member = key.slice(colon + 1);
  if (!(roomKeyPrefixes as readonly string[]).includes(prefix) || !/^[A-Za-z0-9_-]{1,40}$/.test(member)) return null;
  return member;
}

// ---------- the local mesh: peer-to-peer voice and video among members (no LiveKit) ----------
// Each member's browser keeps one RTCPeerConnection per other member, signalled over /ws like the
// local stage (common/stage.ts), but between members of one room only. Clients publish these events
// into `room:<id>`; the server answers with `direct` messages (`RoomMeshDirectMessages`) to one
// connection. The one who joins later makes the offers: after `room.mesh.peers`, offer to each
// listed peer; peers already in the mesh wait for the newcomer's offer (`room.mesh.peer-joined`).

/** Enter the room's mesh (again: start over); answered with `room.mesh.peers`. */
export const roomMeshJoin = defineClientEvent('room.mesh.join', z.strictObject({}));
/** Leave the mesh (hang up); the others get `room.mesh.peer-left`. Closing the socket does the same. */
export const roomMeshLeave = defineClientEvent('room.mesh.leave', z.strictObject({}));
/** One signalling step to one peer connection in the same room's mesh. */
export const roomMeshSignal = defineClientEvent(
  'room.mesh.signal',
  z
    .strictObject({ to: z.string().min(1).max(64), description: stageDescriptionSchema.optional(), candidate: stageCandidateSchema.optional() })
    .refine((s) => (s.description === undefined) !== (s.candidate === undefined), 'A signal carries a description or a candidate, not both'),
);

export interface RoomMeshPeer {
  connectionId: string;
  memberId: string;
}

export interface RoomMeshDirectMessages {
  /** To a connection that joined: its own id and the peers already there (offer to each). */
  'room.mesh.peers': { connectionId: string; peers: RoomMeshPeer[] };
  /** To the others: a peer joined; expect its offer. */
  'room.mesh.peer-joined': RoomMeshPeer;
  /** To the others: close this peer's connection. */
  'room.mesh.peer-left': { connectionId: string };
  /** A relayed signal, with the sender. */
  'room.mesh.signal': { from: string; memberId: string; description?: StageDescription; candidate?: StageCandidate };
}
export type RoomMeshDirectType = keyof RoomMeshDirectMessages;
export const roomMeshDirectTypes = ['room.mesh.peers', 'room.mesh.peer-joined', 'room.mesh.peer-left', 'room.mesh.signal'] as const satisfies readonly RoomMeshDirectType[];
