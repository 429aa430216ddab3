// Composes the domain services from the configuration: the one place that picks an
// implementation for each external piece (DESIGN.md §1).
import type { Config } from './config';
import { openDatabase, type Database } from './adapters/db';
import { createLocalMedia } from './adapters/media/local';
import { createDemoProvider, type DemoPayments } from './adapters/payments/demo';
import { createRealtime } from './adapters/realtime';
import type { StripePayments } from './adapters/payments/stripe';
import { createAccounts } from './domain/accounts';
import { createCarts } from './domain/carts';
import { createCatalog } from './domain/catalog';
import { createCheckout } from './domain/checkout';
import { createDiscounts } from './domain/discounts';
import { createInventory } from './domain/inventory';
import type { MediaProvider } from './domain/media';
import { createOrders } from './domain/orders';
import { createPayments, type PaymentEvent, type Payments } from './domain/payments';
import { createShows } from './domain/shows';
import { createLiveCommerce } from './domain/deals';
import { createStudio } from './domain/studio';
import { createChat } from './domain/chat';
import { createEngagement } from './domain/engagement';
import { createShowChannel } from './domain/show-snapshot';
import { reactionTap, viewerCountKey } from '../common/realtime';
import { createLocalStage, registerLocalStage, showHostLookup } from './domain/stage';
import { DomainError } from './domain/errors';
import { createRooms, roomChannelAuthorizer, roomSnapshotProvider, type Rooms } from './domain/rooms';
import { createRoomMesh, registerRoomMesh } from './domain/rooms-mesh';
import { type RoomEvents, roomLook3dKeyPrefix, roomLook3dSchema, roomMemberKeyPrefix, roomMemberLiveSchema, roomReactionKeyPrefix, roomReactionSchema } from '../common/rooms';
import { showDemo3dAuthorizer } from './domain/demo3d';
import { demo3dKey, demo3dStateSchema } from '../common/models';

export async function createServices(config: Config, log: (msg: string) => void = () => undefined) {
  const database: Database = await openDatabase(config.database);
  const { db } = database;
  // The WebSocket hub; on PostgreSQL it also listens for the other instances' events.
  const realtime = await createRealtime(database, { listenUrl: config.database.kind === 'postgres' ? config.database.url : null, log });

  // The provider reports confirmations into the payments inbox, which needs the provider: bind late.
  let payments: Payments | null = null;
  const emit = (event: PaymentEvent) => payments!.receive(event);
  let demo: DemoPayments | null = null;
  let stripe: StripePayments | null = null;
  // The Stripe SDK is loaded only when Stripe is configured.
  if (config.payments.kind === 'stripe') stripe = (await import('./adapters/payments/stripe')).createStripeProvider(config.payments);
  else demo = createDemoProvider(emit);
  const provider = stripe?.provider ?? demo!.provider;
  // Likewise the LiveKit SDK: only when LiveKit is configured.
  const media: MediaProvider =
    config.media.kind === 'livekit' ? (await import('./adapters/media/livekit')).createLiveKitMedia(config.media) : createLocalMedia();

  const catalog = createCatalog(db);
  const discounts = createDiscounts(db);
  const inventory = createInventory(db, { reservationTtlSeconds: config.reservationTtlSeconds });
  const carts = createCarts(db, catalog, discounts);
  // Flash-deal claims ride along with an order's reservation; paid show orders feed the ticker.
  const live = createLiveCommerce(db, { publisher: realtime, log });
  // Co-shopping rooms hear of every order outcome the payments decide (bound late: rooms need the checkout).
  let rooms: Rooms | null = null;
  const orderHooks: typeof live.hooks = {
    settleClaimsIn: live.hooks.settleClaimsIn,
    async afterSettled(change) {
      await live.hooks.afterSettled(change);
      await rooms?.reconcile([change.orderId]).catch((error: unknown) => log(`rooms: updating lines after an order failed: ${String(error)}`));
    },
  };
  payments = createPayments(db, { provider, inventory, discounts, carts, log, live: orderHooks });
  const checkout = createCheckout(db, { catalog, carts, inventory, discounts, payments, live });
  const shows = createShows(db);
  // The local stage's signalling rides on the hub; with LiveKit configured the token route sends
  // browsers there instead and nobody joins it.
  const stage = createLocalStage({ messenger: realtime, hostOf: showHostLookup(db), maxViewers: config.localStage.maxViewers,
    // Latest-wins: a burst of joins sends the newest count only.
    onViewerCount: (showId, count) => realtime.publishEphemeral(`show:${showId}`, viewerCountKey, { count }),
  });
  // Viewers are counted by LiveKit's presence or by the local stage, whichever carries the show.
  const studio = createStudio(db, { publisher: realtime, viewerCount: (showId) => shows.viewerCount(showId) + stage.viewerCount(showId), log });

  registerLocalStage(realtime, stage);
  // Co-shopping rooms: members only on room:<id>; friends' voice and video in a local mesh without LiveKit.
  const roomMesh = createRoomMesh({
    messenger: realtime,
    memberOf: async (session, roomId) => {
      const memberId = await rooms!.currentMemberId(roomId, session);
      if (!memberId) throw new DomainError('ROOM_NOT_MEMBER', 'Join this room first');
      return memberId;
    },
  });
  rooms = createRooms(db, { catalog, checkout, publisher: realtime, revoker: realtime, media, mesh: roomMesh, maxMembers: config.rooms.maxMembers, log });
  realtime.setAuthorizer('room', roomChannelAuthorizer(rooms));
  realtime.setSnapshotProvider('room', roomSnapshotProvider(rooms));
  registerRoomMesh(realtime, roomMesh);
  // Removals and closings reach every instance as events: each one ends the subscriptions and mesh
  // places here of whoever is no longer a member (the deciding instance did so already).
  realtime.onChannelEvent('room', (channel, type, data) => {
    if (type !== 'room.members' && type !== 'room.closed') return;
    const roomId = channel.slice('room:'.length);
    const current = new Set(type === 'room.members' ? (data as RoomEvents['room.members']).members.map((m) => m.id) : []);
    for (const memberId of new Set(Object.values(roomMesh.peersOf(roomId)))) if (!current.has(memberId)) roomMesh.removeMember(roomId, memberId);
    const removal = type === 'room.members' && (data as RoomEvents['room.members']).removed.length > 0;
    // The same answers as the deciding instance gives (rooms.ts), whichever instance a socket is on.
    const [code, message] =
      type === 'room.closed'
        ? (['NOT_FOUND', 'This room was closed'] as const)
        : removal
          ? (['ROOM_REMOVED', 'The room’s owner removed you from this room'] as const)
          : (['ROOM_NOT_MEMBER', 'You left this room'] as const);
    void realtime.recheck(channel, code, message).catch((error: unknown) => log(`rooms: rechecking ${channel} failed: ${String(error)}`));
  });
  // Members' own values must be well formed before anyone else sees them.
  realtime.acceptEphemeral('room', `${roomMemberKeyPrefix}:*`, roomMemberLiveSchema);
  realtime.acceptEphemeral('room', `${roomLook3dKeyPrefix}:*`, roomLook3dSchema);
  realtime.acceptEphemeral('room', `${roomReactionKeyPrefix}:*`, roomReactionSchema);
  // The host's 3D demo: only the show's host sets it, and only as a well-formed Demo3dState.
  realtime.setAuthorizer('show', showDemo3dAuthorizer(showHostLookup(db), realtime.authorizerOf('show')));
  realtime.acceptEphemeral('show', demo3dKey, demo3dStateSchema);
  // Chat, polls, Q&A and reactions; each adds its part to the show channel's snapshot.
  const showChannel = createShowChannel();
  realtime.setSnapshotProvider('show', showChannel.snapshot);
  const chat = createChat(db, { publisher: realtime });
  const engagement = createEngagement(db, { publisher: realtime, chat, log });
  showChannel.addSnapshot('chat', (showId) => chat.snapshot(showId));
  // The show's state, pins, running deals and viewer count (null for a channel that names no show).
  showChannel.addSnapshot('show', (showId) => studio.snapshotOf(showId));
  showChannel.addSnapshot('poll', (showId) => engagement.currentPoll(showId));
  showChannel.addSnapshot('questions', (showId) => engagement.topQuestions(showId));
  // Anyone watching may tap hearts; the limit is per socket (the gateway's message budget plus the engagement's own).
  realtime.handleClientEvent(reactionTap, (context, data) => engagement.tapIn(context.channel, data.count, context.connectionId ?? null), { requires: 'subscribe' });

  return {
    config,
    database,
    accounts: createAccounts(db, { sessionTtlDays: config.sessionTtlDays, sessionCacheMs: config.sessionCacheMs }),
    catalog,
    discounts,
    inventory,
    carts,
    payments,
    checkout,
    orders: createOrders(db),
    shows,
    /** The host's studio: show editing, going live, pins and flash deals. */
    studio,
    /** Flash deals at checkout and the "just bought" ticker. */
    live,
    /** Present when the demo provider is active: its card form posts here. */
    demo,
    /** Present when Stripe is active: its webhook is verified here. */
    stripe,
    media,
    /** Who is on each show's local stage (WebRTC signalling through the hub). */
    stage,
    /** A show's chat and its moderation. */
    chat,
    /** Co-shopping rooms: members, shared cart, checkout, snapshots. */
    rooms: rooms!,
    roomMesh,
    /** Polls, Q&A and reactions in a show. */
    engagement,
    /** Parts of the show channel's snapshot, added by each feature. */
    showChannel,
    health: {
      database: database.kind,
      payments: provider.name,
      media: media.name,
      realtime: realtime.mode,
    },
    /** Channels for show and room events (domain code sees it as the Publisher port). */
    realtime,
    close: async () => {
      studio.close();
      engagement.close();
      await realtime.close();
      await database.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
