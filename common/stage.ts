// The local stage's signalling contract (DESIGN.md §1, the embedded default for live media): WebRTC
// peer connections from the host's browser to each viewer, with offers, answers and ICE candidates
// carried over the app's own WebSocket. Clients publish the events below into the show's channel;
// the server answers each connection alone with `direct` messages whose `type` is one of
// `stageDirectTypes`. The show comes from the channel (`show:<id>`), never from the message.
import { z } from 'zod';
import { defineClientEvent } from './realtime';

/** The default cap on viewers per show on the local stage (LOCAL_STAGE_MAX_VIEWERS). */
export const defaultLocalStageMaxViewers = 8;

const connectionIdSchema = z.string().min(1).max(64);

/** RTCSessionDescriptionInit, bounded: a camera-and-microphone offer is a few kilobytes. */
export const stageDescriptionSchema = z.strictObject({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().max(12_000),
});

/** RTCIceCandidateInit, as `candidate.toJSON()` gives it. */
export const stageCandidateSchema = z.strictObject({
  candidate: z.string().max(1024),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

export type StageDescription = z.infer<typeof stageDescriptionSchema>;
export type StageCandidate = z.infer<typeof stageCandidateSchema>;

/** The show's host is ready to send: the server tells it of every admitted viewer. Host only. */
export const stageHostReady = defineClientEvent('stage.host-ready', z.strictObject({}));
/** A viewer asks for a place on the stage; it gets `stage.admitted` or `stage.full`. Repeating it starts the viewer's connection over. */
export const stageJoin = defineClientEvent('stage.join', z.strictObject({}));
/** A viewer leaves, or the host stops sending (`ended`: the show is over, not just a reload). */
export const stageLeave = defineClientEvent('stage.leave', z.strictObject({ ended: z.boolean().optional() }));
/** One signalling step for one peer: the host to an admitted viewer, or a viewer to the host. */
export const stageSignal = defineClientEvent(
  'stage.signal',
  z
    .strictObject({ to: connectionIdSchema, description: stageDescriptionSchema.optional(), candidate: stageCandidateSchema.optional() })
    .refine((s) => (s.description === undefined) !== (s.candidate === undefined), 'A signal carries a description or a candidate, not both'),
);

/** What the server sends one connection, keyed by the `type` of the direct message. */
export interface StageDirectMessages {
  /** To the host, after `stage.host-ready`. */
  'stage.hosting': { connectionId: string; viewers: number; maxViewers: number };
  /** To a viewer that got a place; `hostId` is null until the host is ready. */
  'stage.admitted': { connectionId: string; hostId: string | null; maxViewers: number };
  /** To a viewer that did not: the local stage is at its cap. */
  'stage.full': { maxViewers: number };
  /** To the admitted viewers, when the host (again) becomes ready: an offer follows. */
  'stage.host-ready': { hostId: string };
  /** To the admitted viewers: the host stopped sending (`ended`) or went away (a reload, a lost connection). */
  'stage.host-left': { ended: boolean };
  /** To the host: make a connection for this viewer. */
  'stage.viewer-joined': { viewerId: string };
  /** To the host: close this viewer's connection. */
  'stage.viewer-left': { viewerId: string };
  /** A relayed signal, with the sender's connection id. */
  'stage.signal': { from: string; description?: StageDescription; candidate?: StageCandidate };
}

export type StageDirectType = keyof StageDirectMessages;
export const stageDirectTypes = [
  'stage.hosting',
  'stage.admitted',
  'stage.full',
  'stage.host-ready',
  'stage.host-left',
  'stage.viewer-joined',
  'stage.viewer-left',
  'stage.signal',
] as const satisfies readonly StageDirectType[];
