// LiveKit cannot run here (DESIGN.md §6): tests make webhook deliveries as a LiveKit server does,
// with the real SDK, so the server's verification is exercised unchanged.
import crypto from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

/**
 * The Authorization header LiveKit puts on a webhook: a JWT issued by the API key, signed with the
 * secret, whose `sha256` claim is the standard-base64 SHA-256 of the exact body (as in LiveKit's
 * webhook notifier, and as WebhookReceiver.receive checks it). LiveKit gives it five minutes.
 */
export function signLiveKitWebhook(body: string, keys: { apiKey: string; apiSecret: string; ttlSeconds?: number }): Promise<string> {
  const token = new AccessToken(keys.apiKey, keys.apiSecret, { ttl: keys.ttlSeconds ?? 300 });
  token.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

/** A body as a LiveKit server posts it: protobuf JSON with camelCase names and int64 as a string. */
export function liveKitWebhookBody(
  event: string,
  options: { id: string; room?: string; participant?: { identity: string; sid: string }; createdAt?: Date },
): string {
  return JSON.stringify({
    event,
    ...(options.room ? { room: { sid: `RM_${options.room}`, name: options.room } } : {}),
    ...(options.participant ? { participant: { ...options.participant, state: 'ACTIVE' } } : {}),
    id: options.id,
    createdAt: String(Math.floor((options.createdAt ?? new Date()).getTime() / 1000)),
  });
}
