// The media contract between client and server: how a browser asks to join a show's media room and
// what it gets back. Provider-neutral: the client looks at `kind` to pick its media session.
import { z } from 'zod';

export const mediaRoles = ['host', 'viewer', 'co-shopper'] as const;
export type MediaRole = (typeof mediaRoles)[number];

/**
 * What a participant needs to connect. `local` is the embedded stage, signalled over the app's own
 * WebSocket; `livekit` carries a short-lived token that the client uses to connect, and asks for a
 * new one (the same request again) before `expiresAt` if it has not connected by then.
 */
export type MediaAccess = { kind: 'livekit'; url: string; token: string; expiresAt: string } | { kind: 'local' };

/** POST /api/shows/:id/token. A guest may say how to be called; a signed-in user is called by the account's name. */
export const showTokenRequestSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(50).optional(),
});
export type ShowTokenRequest = z.infer<typeof showTokenRequestSchema>;
