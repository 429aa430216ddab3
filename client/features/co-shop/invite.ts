// The invite token belongs to the link a friend was given: it comes in the URL, and is kept for the
// tab in sessionStorage so the room's own pages (checkout and back) need not carry it in theirs.
import { roomInvitePath, roomInviteTokenSchema } from '../../../common/rooms';

const storageKey = (roomId: string) => `room-invite:${roomId}`;

/** The token from the URL (remembered), or the one this tab remembered; null when neither is a token. */
export function inviteFor(roomId: string, fromUrl: string | null, storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeSessionStorage()): string | null {
  if (fromUrl && roomInviteTokenSchema.safeParse(fromUrl).success) {
    storage?.setItem(storageKey(roomId), fromUrl);
    return fromUrl;
  }
  const kept = storage?.getItem(storageKey(roomId)) ?? null;
  return kept && roomInviteTokenSchema.safeParse(kept).success ? kept : null;
}

/** The link to send friends: the site's origin and the room's invite path. */
export function inviteLink(origin: string, roomId: string, token: string): string {
  return `${origin}${roomInvitePath(roomId, token)}`;
}

/** The room page's own address, with the invite, for links inside the app. */
export const roomPagePath = (roomId: string, token: string) => roomInvitePath(roomId, token);

function safeSessionStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
