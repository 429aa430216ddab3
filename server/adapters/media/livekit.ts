// LiveKit as the media provider at scale (DESIGN.md §1): the server mints short-lived tokens whose
// grants follow the participant's role, and reads LiveKit's webhooks only after verifying them.
// Loaded with a dynamic import from services.ts, so the SDK is never loaded unless configured.
import crypto from 'node:crypto';
import { AccessToken, TrackSource, WebhookReceiver, type VideoGrant, type WebhookEvent } from 'livekit-server-sdk';
import type { Config } from '../../config';
import { DomainError } from '../../domain/errors';
import { assertGrantAllowed, type MediaEvent, type MediaEventKind, type MediaGrantRequest, type MediaProvider } from '../../domain/media';

export type LiveKitConfig = Extract<Config['media'], { kind: 'livekit' }>;

/**
 * Ten minutes: a leaked token is soon useless. It only has to outlive the connect: once connected,
 * the LiveKit server refreshes the client's token itself over the signalling connection, and a
 * client that has not connected in time asks this server again.
 */
export const tokenTtlSeconds = 600;

/** The exact video grant of each role. Everything is stated, so an SDK default can never widen a grant. */
export function videoGrantFor(req: MediaGrantRequest): VideoGrant {
  assertGrantAllowed(req);
  const room = req.room;
  switch (req.role) {
    case 'host':
      return {
        roomJoin: true,
        room,
        canPublish: true,
        // Camera and microphone only: a screen share would bypass what the studio shows viewers.
        canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
        canPublishData: true,
        canSubscribe: true,
        // Moderation goes through this server, which holds the API secret, not through the host's browser.
        roomAdmin: false,
      };
    case 'viewer':
      return {
        roomJoin: true,
        room,
        canSubscribe: true,
        canPublish: false,
        // Chat and reactions go through the app's WebSocket, where they are moderated and rate limited.
        canPublishData: false,
        // Viewers are visible participants, so the room's participant events count them.
        hidden: false,
      };
    case 'co-shopper':
      return {
        roomJoin: true,
        room,
        canPublish: true,
        canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
        canPublishData: true,
        canSubscribe: true,
      };
  }
}

const eventKinds: Record<string, MediaEventKind> = {
  room_started: 'room-started',
  room_finished: 'room-finished',
  participant_joined: 'participant-joined',
  participant_left: 'participant-left',
  // A connection that never completed: for presence it is as good as gone.
  participant_connection_aborted: 'participant-left',
  track_published: 'track-published',
  track_unpublished: 'track-unpublished',
};

/** A verified LiveKit event in the port's terms, or null for events this app does not act on (egress, ingress, agents). */
export function toMediaEvent(event: WebhookEvent, rawBody: string): MediaEvent | null {
  const kind = eventKinds[event.event];
  const room = event.room?.name;
  if (!kind || !room) return null;
  return {
    // LiveKit always sends an id; the body's hash stands in should one ever be missing, since a retry repeats the body.
    id: event.id || `sha256:${crypto.createHash('sha256').update(rawBody).digest('base64url')}`,
    kind,
    room,
    at: event.createdAt ? new Date(Number(event.createdAt) * 1000) : new Date(),
    identity: event.participant?.identity || undefined,
    participantId: event.participant?.sid || undefined,
  };
}

/** The `exp` claim of a token we just signed, so the client is told exactly what LiveKit will enforce. */
function expiryOf(jwt: string): Date {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
  if (typeof payload.exp !== 'number') throw new Error('LiveKit token without an expiry');
  return new Date(payload.exp * 1000);
}

export function createLiveKitMedia(config: LiveKitConfig): MediaProvider {
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret);
  return {
    name: 'livekit',

    async access(req) {
      const grant = videoGrantFor(req);
      const token = new AccessToken(config.apiKey, config.apiSecret, {
        identity: req.identity,
        name: req.name,
        ttl: tokenTtlSeconds,
        // Other participants' clients read the role from here to lay out the stage.
        metadata: JSON.stringify({ role: req.role }),
      });
      token.addGrant(grant);
      const jwt = await token.toJwt();
      return { kind: 'livekit', url: config.url, token: jwt, expiresAt: expiryOf(jwt).toISOString() };
    },

    async parseWebhook(rawBody, authHeader) {
      let event: WebhookEvent;
      try {
        // Checks the JWT's signature, issuer and expiry, then that its sha256 claim is the body's hash.
        event = await receiver.receive(rawBody, authHeader);
      } catch {
        throw new DomainError('BAD_SIGNATURE', 'The LiveKit webhook signature is missing or does not match the body');
      }
      return toMediaEvent(event, rawBody);
    },
  };
}
