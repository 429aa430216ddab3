// Composes the domain services from the configuration: the one place that picks an
// implementation for each external piece (DESIGN.md §1).
import type { Config } from './config';
import { openDatabase, type Database } from './adapters/db';
import { createDemoProvider, type DemoPayments } from './adapters/payments/demo';
import type { StripePayments } from './adapters/payments/stripe';
import { createAccounts } from './domain/accounts';
import { createCarts } from './domain/carts';
import { createCatalog } from './domain/catalog';
import { createCheckout } from './domain/checkout';
import { createDiscounts } from './domain/discounts';
import { createInventory } from './domain/inventory';
import { createOrders } from './domain/orders';
import { createPayments, type PaymentEvent, type Payments } from './domain/payments';
import { createShows } from './domain/shows';

export async function createServices(config: Config, log: (msg: string) => void = () => undefined) {
  const database: Database = await openDatabase(config.database);
  const { db } = database;

  // The provider reports confirmations into the payments inbox, which needs the provider: bind late.
  let payments: Payments | null = null;
  const emit = (event: PaymentEvent) => payments!.receive(event);
  let demo: DemoPayments | null = null;
  let stripe: StripePayments | null = null;
  // The Stripe SDK is loaded only when Stripe is configured.
  if (config.payments.kind === 'stripe') stripe = (await import('./adapters/payments/stripe')).createStripeProvider(config.payments);
  else demo = createDemoProvider(emit);
  const provider = stripe?.provider ?? demo!.provider;

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
    health: {
      database: database.kind,
      payments: provider.name,
      media: config.media.kind,
      realtime: 'hub' as const,
    },
    close: () => database.close(),
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
