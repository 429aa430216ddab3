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
  payments = createPayments(db, { provider, inventory, discounts, carts, log, live: live.hooks });
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
    accounts: createAccounts(db, { sessionTtlDays: config.sessionTtlDays }),
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
