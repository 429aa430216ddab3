// The room routes of common/rooms.ts. Every call but creation carries the room's invite token in
// the X-Room-Invite header: the server checks it on every request.
import type { Address } from '../../../common/api';
import {
  roomInviteHeader,
  type RoomCart,
  type RoomCheckoutResponse,
  type RoomCreated,
  type RoomMediaAccess,
  type RoomMembersResponse,
  type RoomShare,
  type RoomSnapshot,
  type RoomView,
  type RoomVote,
} from '../../../common/rooms';
import { ApiError, apiRequest, isAbort, type ApiRequest } from '../../lib/api';

export interface RoomRef {
  roomId: string;
  invite: string;
}

const path = (room: RoomRef, rest = '') => `/api/rooms/${encodeURIComponent(room.roomId)}${rest}`;
const withInvite = (room: RoomRef, headers: Record<string, string> = {}) => ({ ...headers, [roomInviteHeader]: room.invite });

export function roomApi(request: ApiRequest = apiRequest) {
  return {
    create: (showId: string | null, displayName: string) => request<RoomCreated>('POST', '/api/rooms', { body: { showId, displayName } }),
    join: (room: RoomRef, displayName: string) => request<RoomView>('POST', path(room, '/join'), { body: { displayName }, headers: withInvite(room) }),
    get: (room: RoomRef, signal?: AbortSignal) => request<RoomView>('GET', path(room), { headers: withInvite(room), signal }),
    close: (room: RoomRef) => request<{ closed: true }>('DELETE', path(room), { headers: withInvite(room) }),
    removeMember: (room: RoomRef, memberId: string) =>
      request<RoomMembersResponse>('DELETE', path(room, `/members/${encodeURIComponent(memberId)}`), { headers: withInvite(room) }),
    mediaToken: (room: RoomRef, signal?: AbortSignal) => request<RoomMediaAccess>('POST', path(room, '/token'), { body: {}, headers: withInvite(room), signal }),
    share: (room: RoomRef, productId: string, variantId: string | null) =>
      request<RoomShare>('POST', path(room, '/share'), { body: { productId, variantId }, headers: withInvite(room) }),
    addLine: (room: RoomRef, variantId: string, quantity: number) =>
      request<RoomCart>('POST', path(room, '/cart/lines'), { body: { variantId, quantity }, headers: withInvite(room) }),
    setQuantity: (room: RoomRef, lineId: string, quantity: number) =>
      request<RoomCart>('PATCH', path(room, `/cart/lines/${encodeURIComponent(lineId)}`), { body: { quantity }, headers: withInvite(room) }),
    removeLine: (room: RoomRef, lineId: string) => request<RoomCart>('DELETE', path(room, `/cart/lines/${encodeURIComponent(lineId)}`), { headers: withInvite(room) }),
    vote: (room: RoomRef, lineId: string, vote: RoomVote) =>
      request<RoomCart>('PUT', path(room, `/cart/lines/${encodeURIComponent(lineId)}/vote`), { body: { vote }, headers: withInvite(room) }),
    comment: (room: RoomRef, lineId: string, text: string) =>
      request<RoomCart>('POST', path(room, `/cart/lines/${encodeURIComponent(lineId)}/comments`), { body: { text }, headers: withInvite(room) }),
    checkout: (room: RoomRef, body: RoomCheckoutBody, idempotencyKey: string) =>
      request<RoomCheckoutResponse>('POST', path(room, '/checkout'), { body, headers: withInvite(room, { 'Idempotency-Key': idempotencyKey }) }),
  };
}

export type RoomApi = ReturnType<typeof roomApi>;

export type RoomCheckoutBody = { scope: 'mine' | 'all' } & ({ address: Address } | { useSavedAddress: true });

/** The server's error body, read the way lib/api reads it (a raw upload cannot go through the JSON client). */
async function errorOf(response: Response): Promise<ApiError> {
  const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  const code = (payload?.error?.code ?? 'UNKNOWN') as ApiError['code'];
  return new ApiError(code, response.status, payload?.error?.message ?? `${response.status} ${response.statusText}`.trim());
}

async function send(input: string, init: RequestInit): Promise<Response> {
  try {
    return await globalThis.fetch(input, { credentials: 'same-origin', ...init });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('NETWORK', 0, error instanceof Error ? error.message : String(error));
  }
}

/** Uploads a try-on look as it is (the server checks type and size and re-encodes it). */
export async function uploadSnapshot(room: RoomRef, image: Blob, productId?: string | null): Promise<RoomSnapshot> {
  const headers: Record<string, string> = { ...withInvite(room), 'Content-Type': image.type || 'image/jpeg', Accept: 'application/json' };
  if (productId) headers['X-Room-Product'] = productId;
  const response = await send(path(room, '/snapshots'), { method: 'POST', headers, body: image });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as RoomSnapshot;
}

/** A snapshot's picture: members only, so it is fetched with the invite header and shown from a blob: URL. */
export async function fetchSnapshotImage(room: RoomRef, url: string, signal?: AbortSignal): Promise<Blob> {
  const response = await send(url, { headers: withInvite(room), signal });
  if (!response.ok) throw await errorOf(response);
  return response.blob();
}
