// One co-shopping room without React: who is in it, the shared cart, "look at this", snapshots,
// presence, reactions and the shared 3D view, kept from the server's snapshot of `room:<id>` and
// its set-style events (common/rooms.ts). A vanilla zustand store, like the realtime client and
// the media sessions, so components subscribe and never hold room state of their own.
//
// The server is the authority: every change goes to it, and the cart it answers with (or sends on
// the channel) replaces ours when it is newer (`version`). After a reconnect the channel's fresh
// snapshot or catch-up makes the cart exactly what the others see.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Demo3dState } from '../../../common/models';
import type { Channel, ServerEphemeral, ServerError, ServerEvent } from '../../../common/realtime';
import {
  memberOfRoomKey,
  roomKey,
  roomLook3dKeyPrefix,
  roomLook3dSchema,
  roomMemberKeyPrefix,
  roomMemberLiveSchema,
  roomPresenceHeartbeatMs,
  roomPresenceStaleMs,
  roomReactionKeyPrefix,
  roomReactionSchema,
  type RoomCart,
  type RoomEvents,
  type RoomMember,
  type RoomMemberLive,
  type RoomReactionKind,
  type RoomShare,
  type RoomSnapshot,
  type RoomState,
  type RoomView,
  type RoomVote,
} from '../../../common/rooms';
import { isApiError } from '../../lib/api';
import type { RealtimeClient } from '../../lib/realtime';
import type { RoomApi, RoomRef } from './api';

/**
 * - loading: asking the server who we are in this room
 * - join: the invite is good and we are not a member yet (ask for a display name)
 * - ready: a member
 * - invalid: no such room, or the invite is wrong or expired (the server does not say which)
 * - full / removed / closed: told so, in words
 */
export type RoomStatus = 'loading' | 'join' | 'ready' | 'invalid' | 'full' | 'removed' | 'closed' | 'error';

export interface MemberPresence extends RoomMemberLive {
  /** When the value was sent, by the server's clock. */
  at: number;
}

export interface Look3d {
  memberId: string;
  state: Demo3dState;
}

export interface RoomCoreState {
  status: RoomStatus;
  error: unknown;
  me: RoomMember | null;
  room: RoomState['room'] | null;
  members: RoomMember[];
  cart: RoomCart | null;
  share: RoomShare | null;
  snapshots: RoomSnapshot[];
  presence: Readonly<Record<string, MemberPresence>>;
  /** The shared 3D view everyone follows: the latest look3d value to arrive. */
  look3d: Look3d | null;
}

export type RoomRealtime = Pick<RealtimeClient, 'subscribe' | 'publish' | 'setEphemeral' | 'serverNow' | 'getState'>;

export interface RoomCoreDeps {
  ref: RoomRef;
  api: RoomApi;
  realtime: RoomRealtime;
  heartbeatMs?: number;
}

export type ReactionListener = (memberId: string, kind: RoomReactionKind, count: number) => void;

const initialState: RoomCoreState = {
  status: 'loading',
  error: null,
  me: null,
  room: null,
  members: [],
  cart: null,
  share: null,
  snapshots: [],
  presence: {},
  look3d: null,
};

export class RoomCore {
  readonly store: StoreApi<RoomCoreState> = createStore<RoomCoreState>()(() => initialState);
  readonly channel: Channel;
  private leaveChannel: (() => void) | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private mine: RoomMemberLive = { online: true, speaking: false, camera: false, mic: false, tryingOn: null };
  private readonly reactionCounts = new Map<RoomReactionKind, number>();
  private readonly seenReactions = new Map<string, number>();
  private readonly reactionListeners = new Set<ReactionListener>();
  private disposed = false;
  private abort = new AbortController();

  constructor(private readonly deps: RoomCoreDeps) {
    this.channel = `room:${deps.ref.roomId}`;
  }

  get ref(): RoomRef {
    return this.deps.ref;
  }

  getState(): RoomCoreState {
    return this.store.getState();
  }

  /** Asks the server who we are here; joins the channel when we are a member. Returns the stop function. */
  start(): () => void {
    // Restartable: React's StrictMode stops and starts an effect once more on mount.
    this.disposed = false;
    this.abort = new AbortController();
    void this.load();
    return () => this.dispose();
  }

  async load(): Promise<void> {
    this.abort.abort();
    this.abort = new AbortController();
    this.store.setState({ status: 'loading', error: null });
    try {
      this.enter(await this.deps.api.get(this.deps.ref, this.abort.signal));
    } catch (error) {
      if (this.disposed || this.abort.signal.aborted) return;
      this.refused(error);
    }
  }

  /** Joins with a display name (again: renames). Throws the server's refusal for the form to show, after setting the status it implies. */
  async join(displayName: string): Promise<void> {
    try {
      this.enter(await this.deps.api.join(this.deps.ref, displayName));
    } catch (error) {
      if (isApiError(error, 'ROOM_FULL') || isApiError(error, 'ROOM_REMOVED') || isApiError(error, 'NOT_FOUND')) this.refused(error);
      throw error;
    }
  }

  // ---------- changes (each answered with the whole cart) ----------

  addLine = (variantId: string, quantity = 1) => this.cartChange(this.deps.api.addLine(this.deps.ref, variantId, quantity));
  setQuantity = (lineId: string, quantity: number) => this.cartChange(this.deps.api.setQuantity(this.deps.ref, lineId, quantity));
  removeLine = (lineId: string) => this.cartChange(this.deps.api.removeLine(this.deps.ref, lineId));
  vote = (lineId: string, vote: RoomVote) => this.cartChange(this.deps.api.vote(this.deps.ref, lineId, vote));
  comment = (lineId: string, text: string) => this.cartChange(this.deps.api.comment(this.deps.ref, lineId, text));

  /** Sets a cart we got from a response (checkout answers with one too). */
  receiveCart(cart: RoomCart): void {
    const current = this.getState().cart;
    if (!current || cart.version >= current.version) this.store.setState({ cart });
  }

  async share(productId: string, variantId: string | null): Promise<void> {
    const share = await this.deps.api.share(this.deps.ref, productId, variantId);
    this.receiveShare(share);
  }

  async removeMember(memberId: string): Promise<void> {
    const { members } = await this.deps.api.removeMember(this.deps.ref, memberId);
    this.store.setState({ members });
  }

  /** A snapshot we uploaded ourselves shows at once; the channel's event is then a repeat. */
  receiveSnapshot(snapshot: RoomSnapshot, removed: readonly string[] = []): void {
    const kept = this.getState().snapshots.filter((s) => s.id !== snapshot.id && !removed.includes(s.id));
    this.store.setState({ snapshots: [...kept, snapshot] });
  }

  // ---------- latest-wins values ----------

  /** What we are doing (camera, microphone, speaking, trying on): sent when it changes and on every heartbeat. */
  setMyLive(patch: Partial<RoomMemberLive>): void {
    const next = { ...this.mine, ...patch };
    const changed = (Object.keys(next) as (keyof RoomMemberLive)[]).some((k) => JSON.stringify(next[k]) !== JSON.stringify(this.mine[k]));
    this.mine = next;
    if (changed) this.sendPresence();
  }

  react(kind: RoomReactionKind): void {
    const me = this.getState().me;
    if (!me) return;
    const n = (this.reactionCounts.get(kind) ?? 0) + 1;
    this.reactionCounts.set(kind, n);
    this.deps.realtime.setEphemeral(this.channel, roomKey(roomReactionKeyPrefix, me.id), { kind, n });
    // Our own taps show at once, not after the round trip.
    for (const listener of [...this.reactionListeners]) listener(me.id, kind, 1);
  }

  onReaction(listener: ReactionListener): () => void {
    this.reactionListeners.add(listener);
    return () => this.reactionListeners.delete(listener);
  }

  /** Our 3D view of the shared product, while we drag it: from now on the others follow us. */
  publishLook3d(state: Demo3dState): void {
    const me = this.getState().me;
    if (!me) return;
    this.deps.realtime.setEphemeral(this.channel, roomKey(roomLook3dKeyPrefix, me.id), state);
    this.store.setState({ look3d: { memberId: me.id, state } });
  }

  /** Members whose presence is fresh, by the server's clock. */
  isOnline(memberId: string, now = this.deps.realtime.serverNow()): boolean {
    const p = this.getState().presence[memberId];
    return Boolean(p?.online && now - p.at < roomPresenceStaleMs);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    if (this.getState().me && this.leaveChannel) {
      // Gone at once for the others, rather than after the presence goes stale.
      // Latest-wins values go out on the next tick (at most every 66 ms), and only while we are
      // subscribed: leave the channel just after.
      this.mine = { ...this.mine, online: false, speaking: false };
      this.deps.realtime.setEphemeral(this.channel, roomKey(roomMemberKeyPrefix, this.getState().me!.id), this.mine);
      const leave = this.leaveChannel;
      this.leaveChannel = null;
      setTimeout(() => leave(), 200);
    }
    this.stopChannel();
    this.reactionListeners.clear();
  }

  // ---------- internals ----------

  private enter(view: RoomView) {
    if (this.disposed) return;
    this.applyState(view);
    this.store.setState({ status: 'ready', error: null, me: view.me });
    if (!this.leaveChannel) {
      this.leaveChannel = this.deps.realtime.subscribe(this.channel, {
        snapshot: (state) => this.applyState(state as RoomState),
        event: (event) => this.onEvent(event),
        ephemeral: (value) => this.onEphemeral(value),
        error: (error) => this.onChannelError(error),
      });
      this.heartbeat = setInterval(() => this.sendPresence(), this.deps.heartbeatMs ?? roomPresenceHeartbeatMs);
    }
    this.sendPresence();
  }

  private refused(error: unknown) {
    if (isApiError(error, 'ROOM_NOT_MEMBER')) return this.store.setState({ status: 'join', error: null });
    if (isApiError(error, 'NOT_FOUND')) return this.store.setState({ status: 'invalid', error });
    if (isApiError(error, 'ROOM_REMOVED')) return this.ended('removed');
    if (isApiError(error, 'ROOM_FULL')) return this.store.setState({ status: 'full', error });
    this.store.setState({ status: 'error', error });
  }

  private ended(status: 'removed' | 'closed') {
    this.stopChannel();
    this.store.setState({ status, me: null });
  }

  private stopChannel() {
    this.leaveChannel?.();
    this.leaveChannel = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private applyState(state: RoomState) {
    const current = this.getState().cart;
    this.store.setState({
      room: state.room,
      members: state.members,
      // A snapshot is the server's word as of now; a response we applied may only be newer.
      cart: current && current.version > state.cart.version ? current : state.cart,
      share: state.share,
      snapshots: state.snapshots,
    });
  }

  private onEvent(event: ServerEvent) {
    switch (event.type as keyof RoomEvents) {
      case 'room.members': {
        const { members } = event.data as RoomEvents['room.members'];
        const me = this.getState().me;
        // Our own removal also comes as an error on the channel; the member list says it first.
        if (me && !members.some((m) => m.id === me.id)) return this.ended('removed');
        return this.store.setState({ members, me: me ? (members.find((m) => m.id === me.id) ?? me) : me });
      }
      case 'room.cart':
        return this.receiveCart((event.data as RoomEvents['room.cart']).cart);
      case 'room.shared':
        return this.receiveShare((event.data as RoomEvents['room.shared']).share);
      case 'room.snapshot': {
        const { snapshot, removed } = event.data as RoomEvents['room.snapshot'];
        return this.receiveSnapshot(snapshot, removed);
      }
      case 'room.closed':
        return this.ended('closed');
    }
  }

  private receiveShare(share: RoomShare) {
    const current = this.getState().share;
    if (current?.id === share.id) return;
    // A new "look at this": the 3D view starts from the sharer's, not from whoever dragged the last product.
    this.store.setState({ share, look3d: null });
  }

  private onEphemeral(value: ServerEphemeral) {
    const memberId = memberOfRoomKey(value.key);
    if (!memberId) return;
    const prefix = value.key.slice(0, value.key.indexOf(':'));
    if (prefix === roomMemberKeyPrefix) {
      const parsed = roomMemberLiveSchema.safeParse(value.data);
      if (!parsed.success) return;
      this.store.setState((s) => ({ presence: { ...s.presence, [memberId]: { ...parsed.data, at: value.serverTime } } }));
    } else if (prefix === roomLook3dKeyPrefix) {
      if (memberId === this.getState().me?.id) return;
      const parsed = roomLook3dSchema.safeParse(value.data);
      if (parsed.success) this.store.setState({ look3d: { memberId, state: parsed.data } });
    } else if (prefix === roomReactionKeyPrefix) {
      if (memberId === this.getState().me?.id) return;
      const parsed = roomReactionSchema.safeParse(value.data);
      if (!parsed.success) return;
      const seenKey = `${memberId}\u0000${parsed.data.kind}`;
      const seen = this.seenReactions.get(seenKey);
      this.seenReactions.set(seenKey, parsed.data.n);
      let count: number;
      // The server repeats each friend's latest value when we (re)subscribe: old news, only counted from.
      if (value.replay) count = 0;
      else if (seen === undefined) count = 1;
      else count = Math.max(0, parsed.data.n - seen);
      if (count > 0) for (const listener of [...this.reactionListeners]) listener(memberId, parsed.data.kind, Math.min(count, 10));
    }
  }

  private onChannelError(error: ServerError) {
    if (error.code === 'ROOM_REMOVED') this.ended('removed');
    else if (error.code === 'NOT_FOUND') this.ended('closed');
    else if (error.code === 'ROOM_NOT_MEMBER') {
      this.stopChannel();
      this.store.setState({ status: 'join', me: null });
    }
  }

  private sendPresence() {
    const me = this.getState().me;
    if (!me || this.disposed) return;
    this.deps.realtime.setEphemeral(this.channel, roomKey(roomMemberKeyPrefix, me.id), this.mine);
  }

  private async cartChange(change: Promise<RoomCart>): Promise<RoomCart> {
    const cart = await change;
    this.receiveCart(cart);
    return cart;
  }
}

/** What a member's tile and list entry say: away, or what they are doing. */
export function presenceOf(state: RoomCoreState, memberId: string, now: number): (MemberPresence & { away: boolean }) | null {
  const p = state.presence[memberId];
  if (!p) return null;
  return { ...p, away: !p.online || now - p.at >= roomPresenceStaleMs };
}
