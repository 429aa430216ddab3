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
  payments = createPayments(db, { provider, inventory, discounts, carts, log });
  const checkout = createCheckout(db, { catalog, carts, inventory, discounts, payments });

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
    shows: createShows(db),
    /** Present when the demo provider is active: its card form posts here. */
    demo,
    /** Present when Stripe is active: its webhook is verified here. */
    stripe,
    media,
    health: {
      database: database.kind,
      payments: provider.name,
      media: media.name,
      realtime: realtime.mode,
    },
    /** Channels for show and room events (domain code sees it as the Publisher port). */
    realtime,
    close: async () => {
      await realtime.close();
      await database.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
