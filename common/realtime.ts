// The realtime contract over one WebSocket per tab at /ws (DESIGN.md §3). Messages are JSON objects
// told apart by `op` (not `type`, which names the event an `event` or `publish` carries).
//
// Server events belong to a channel (`show:<id>`, `room:<id>`), carry a per-channel sequence number
// and a server timestamp, and can be replayed from a client's last sequence; ephemeral values are
// latest-wins and never stored: a new subscriber gets only the latest of each, marked `replay`.
import { z } from 'zod';
import { errorCodes } from './errors';

export const realtimePath = '/ws';

/** The largest message a client may send; the server closes a socket (1009) that sends more. */
export const maxClientMessageBytes = 16 * 1024;
/** Ephemeral values cross server instances inside a PostgreSQL NOTIFY (8000 bytes at most). */
export const maxEphemeralBytes = 4 * 1024;
/** Latest-wins values reach each socket at most this often (about 15 per second). */
export const ephemeralIntervalMs = 66;

export const channelKinds = ['show', 'room'] as const;
export type ChannelKind = (typeof channelKinds)[number];
export type Channel = `${ChannelKind}:${string}`;

const channelPattern = /^(show|room):[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const isChannel = (value: unknown): value is Channel => typeof value === 'string' && channelPattern.test(value);
export const channelKindOf = (channel: Channel): ChannelKind => channel.slice(0, channel.indexOf(':')) as ChannelKind;
export const channelIdOf = (channel: Channel): string => channel.slice(channel.indexOf(':') + 1);

export const channelSchema = z.custom<Channel>(isChannel, { message: 'A channel is show:<id> or room:<id> (letters, digits, _ and -, at most 64)' });
/** Dotted lower-case names: `pin.added`, `deal.started`, `chat.send`. */
export const eventTypeSchema = z.string().max(64).regex(/^[a-z][a-z0-9]*([._-][a-z0-9]+)*$/, 'An event type is lower-case words joined by . _ or -');
/** Keys of latest-wins values: `camera`, `pointer:<member>`. */
export const ephemeralKeySchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$/, 'An ephemeral key is at most 64 letters, digits or :._-');
const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const timeSchema = z.number().finite();
/** Lets a client match an error to the publish that caused it. */
const refSchema = z.string().min(1).max(64);

// ---------- client → server ----------
export const clientMessageSchema = z.discriminatedUnion('op', [
  /** Without lastSeq the server answers with a snapshot; with it, with the missed events (or a snapshot when too old). */
  z.strictObject({ op: z.literal('subscribe'), channel: channelSchema, lastSeq: seqSchema.optional() }),
  z.strictObject({ op: z.literal('unsubscribe'), channel: channelSchema }),
  z.strictObject({ op: z.literal('ping'), clientTime: timeSchema }),
  /** A client-originated event: the server checks `type` against its registry and `data` against that type's schema. */
  z.strictObject({ op: z.literal('publish'), channel: channelSchema, type: eventTypeSchema, data: z.json(), ref: refSchema.optional() }),
  z.strictObject({ op: z.literal('ephemeral'), channel: channelSchema, key: ephemeralKeySchema, data: z.json() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ---------- server → client ----------
// Not strict: a client keeps working when a newer server adds a field.
export const serverEventSchema = z.object({
  op: z.literal('event'),
  channel: channelSchema,
  seq: seqSchema,
  serverTime: timeSchema,
  type: z.string(),
  data: z.unknown(),
});
export const serverSnapshotSchema = z.object({ op: z.literal('snapshot'), channel: channelSchema, seq: seqSchema, serverTime: timeSchema, state: z.unknown() });
export const serverEphemeralSchema = z.object({
  op: z.literal('ephemeral'),
  channel: channelSchema,
  key: z.string(),
  data: z.unknown(),
  serverTime: timeSchema,
  /**
   * Set on the values a new subscriber gets right after subscribing: how things stand, not a change.
   * Lets a client skip showing a friend's old reaction without comparing clocks.
   */
  replay: z.literal(true).optional(),
});
export const pongSchema = z.object({ op: z.literal('pong'), clientTime: timeSchema, serverTime: timeSchema });
export const serverErrorSchema = z.object({
  op: z.literal('error'),
  // A code this client does not know yet still shows the server's message.
  code: z.enum(errorCodes).catch('INTERNAL'),
  message: z.string(),
  channel: channelSchema.optional(),
  ref: z.string().optional(),
});
/** Sent once when a socket opens: the id other clients' peer-addressed messages use for it (a new socket, a new id). */
export const serverHelloSchema = z.object({ op: z.literal('hello'), connectionId: z.string() });
/**
 * A message for one connection only (WebRTC signalling on the local stage): never stored, numbered
 * or replayed, since an offer meant for a connection that has gone means nothing to its successor.
 */
export const serverDirectSchema = z.object({ op: z.literal('direct'), channel: channelSchema, type: z.string(), data: z.unknown(), serverTime: timeSchema });
export const serverMessageSchema = z.discriminatedUnion('op', [
  serverEventSchema,
  serverSnapshotSchema,
  serverEphemeralSchema,
  pongSchema,
  serverErrorSchema,
  serverHelloSchema,
  serverDirectSchema,
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type ServerEvent = z.infer<typeof serverEventSchema>;
export type ServerSnapshot = z.infer<typeof serverSnapshotSchema>;
export type ServerEphemeral = z.infer<typeof serverEphemeralSchema>;
export type Pong = z.infer<typeof pongSchema>;
export type ServerError = z.infer<typeof serverErrorSchema>;
export type ServerHello = z.infer<typeof serverHelloSchema>;
export type ServerDirect = z.infer<typeof serverDirectSchema>;

// ---------- client-originated events ----------
/**
 * One kind of event a client may publish: its type and the schema of its data. A feature declares
 * its specs in `common/` (e.g. `defineClientEvent('chat.send', z.strictObject({ text: … }))`); the
 * server registers a handler per spec and refuses every other type, and the client's `publish`
 * takes the spec, so both ends are typed from one definition.
 */
export interface ClientEventSpec<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  data: S;
}

export function defineClientEvent<T extends string, S extends z.ZodType>(type: T, data: S): ClientEventSpec<T, S> {
  eventTypeSchema.parse(type);
  return { type, data };
}

// ---------- reactions (live shows) ----------
/** Heart taps, batched in the client (a few times a second) and summed by the server per show. */
export const reactionTap = defineClientEvent('reaction.tap', z.strictObject({ count: z.number().int().min(1).max(50) }));
/**
 * A burst of hearts as a latest-wins value on `show:<id>`: the key starts with this prefix (one key
 * per server instance, so two instances' bursts do not overwrite each other) and `n` tells a new
 * burst from one already seen.
 */
export const reactionBurstKeyPrefix = 'reaction.burst';
export interface ReactionBurst {
  count: number;
  n: number;
}

/** Latest-wins value on `show:<id>` with the number of people watching: `{ count }`. */
export const viewerCountKey = 'viewers';
