// The database schema (drizzle). The same migrations run on PGlite and PostgreSQL.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['shopper', 'host', 'admin'] }).notNull().default('shopper'),
  /** Leave me out of the "just bought" ticker in live shows. */
  hideFromTicker: boolean('hide_from_ticker').notNull().default(false),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token: a database leak does not hand out live sessions. */
    id: text('id').primaryKey(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expiry_idx').on(t.expiresAt)],
);

export const products = pgTable('products', {
  id: text('id').primaryKey(),
  category: text('category').notNull(),
  nameJa: text('name_ja').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionJa: text('description_ja').notNull(),
  descriptionEn: text('description_en').notNull(),
  currency: text('currency', { enum: ['JPY', 'USD', 'EUR'] }).notNull(),
  images: jsonb('images').$type<string[]>().notNull(),
  /** Filled by the 3D issue: the product's .glb under /models. */
  modelUrl: text('model_url'),
  /** Filled by the try-on issue: where the product sits on the body. */
  tryOnAnchor: text('try_on_anchor'),
  position: integer('position').notNull().default(0),
  createdAt: createdAt(),
});

export const variants = pgTable(
  'variants',
  {
    id: text('id').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull().unique(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    options: jsonb('options').$type<{ color?: string; colorHex?: string; size?: string }>().notNull(),
    /** In the product currency's minor unit. */
    price: integer('price').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('variants_product_idx').on(t.productId), check('variants_price_positive', sql`${t.price} > 0`)],
);

export const stock = pgTable(
  'stock',
  {
    variantId: text('variant_id')
      .primaryKey()
      .references(() => variants.id, { onDelete: 'cascade' }),
    onHand: integer('on_hand').notNull(),
    reserved: integer('reserved').notNull().default(0),
  },
  (t) => [
    check('stock_on_hand_nonnegative', sql`${t.onHand} >= 0`),
    check('stock_reserved_nonnegative', sql`${t.reserved} >= 0`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    number: integer('number').generatedAlwaysAsIdentity({ startWith: 1001 }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    sessionId: text('session_id'),
    /** user:<id> or session:<id>: who may read the order and in whose space the idempotency key lives. */
    ownerKey: text('owner_key').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: text('status', { enum: ['pending', 'paid', 'fulfilled', 'cancelled', 'refunded'] }).notNull(),
    currency: text('currency', { enum: ['JPY', 'USD', 'EUR'] }).notNull(),
    subtotal: integer('subtotal').notNull(),
    discountTotal: integer('discount_total').notNull(),
    shippingTotal: integer('shipping_total').notNull(),
    total: integer('total').notNull(),
    discountCode: text('discount_code'),
    address: jsonb('address'),
    sourceCartId: text('source_cart_id'),
    /** The live show the order was placed from, if any ("just bought" ticker, analytics). */
    showId: text('show_id'),
    paymentProvider: text('payment_provider', { enum: ['demo', 'stripe'] }).notNull(),
    paymentRef: text('payment_ref'),
    paymentError: text('payment_error'),
    reservedUntil: timestamp('reserved_until', { withTimezone: true }),
    createdAt: createdAt(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_idempotency_idx').on(t.ownerKey, t.idempotencyKey),
    index('orders_owner_idx').on(t.ownerKey, t.createdAt),
    index('orders_user_idx').on(t.userId, t.createdAt),
    index('orders_payment_ref_idx').on(t.paymentRef),
    index('orders_pending_expiry_idx').on(t.status, t.reservedUntil),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    productId: text('product_id').notNull(),
    variantId: text('variant_id').notNull(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    variantNameJa: text('variant_name_ja').notNull(),
    variantNameEn: text('variant_name_en').notNull(),
    image: text('image').notNull(),
    unitPrice: integer('unit_price').notNull(),
    quantity: integer('quantity').notNull(),
    /** The flash deal whose price this line got, if any. */
    dealId: text('deal_id'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] })],
);

export const reservations = pgTable(
  'reservations',
  {
    id: text('id').primaryKey(),
    variantId: text('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    orderId: text('order_id'),
    status: text('status', { enum: ['held', 'sold', 'released'] }).notNull().default('held'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('reservations_held_expiry_idx').on(t.status, t.expiresAt), index('reservations_order_idx').on(t.orderId)],
);

export const carts = pgTable('carts', {
  id: text('id').primaryKey(),
  /** user:<id> or session:<id> */
  ownerKey: text('owner_key').notNull().unique(),
  discountCode: text('discount_code'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const cartLines = pgTable(
  'cart_lines',
  {
    id: text('id').primaryKey(),
    cartId: text('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: text('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    addedAt: createdAt(),
  },
  (t) => [uniqueIndex('cart_lines_variant_idx').on(t.cartId, t.variantId)],
);

export const discounts = pgTable('discounts', {
  code: text('code').primaryKey(),
  kind: text('kind', { enum: ['percent', 'fixed'] }).notNull(),
  value: integer('value').notNull(),
  currency: text('currency', { enum: ['JPY', 'USD', 'EUR'] }).notNull(),
  minSubtotal: integer('min_subtotal').notNull().default(0),
  startsAt: timestamp('starts_at', { withTimezone: true }),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  maxUses: integer('max_uses'),
  usedCount: integer('used_count').notNull().default(0),
});

export const addresses = pgTable('addresses', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  address: jsonb('address').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const savedPaymentMethods = pgTable('saved_payment_methods', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  provider: text('provider', { enum: ['demo', 'stripe'] }).notNull(),
  customerRef: text('customer_ref').notNull(),
  methodRef: text('method_ref').notNull(),
  brand: text('brand').notNull(),
  last4: text('last4').notNull(),
  expMonth: integer('exp_month').notNull(),
  expYear: integer('exp_year').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Inbox of payment provider events: stored by event id, applied exactly once. */
export const paymentEvents = pgTable(
  'payment_events',
  {
    provider: text('provider', { enum: ['demo', 'stripe'] }).notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    paymentRef: text('payment_ref').notNull(),
    orderId: text('order_id'),
    payload: jsonb('payload').notNull(),
    /** The provider's own event time: events are applied in this order when several wait. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    outcome: text('outcome'),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.eventId] }),
    index('payment_events_unapplied_idx').on(t.appliedAt, t.paymentRef),
    index('payment_events_received_idx').on(t.receivedAt),
  ],
);

export const shows = pgTable('shows', {
  id: text('id').primaryKey(),
  titleJa: text('title_ja').notNull(),
  titleEn: text('title_en').notNull(),
  hostId: text('host_id')
    .notNull()
    .references(() => users.id),
  cover: text('cover').notNull(),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
  state: text('state', { enum: ['scheduled', 'live', 'ended'] }).notNull().default('scheduled'),
  startedAt: timestamp('started_at', { withTimezone: true }),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const showProducts = pgTable(
  'show_products',
  {
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.productId] })],
);

// ---------- live shows (pins, deals, timeline, chat, polls, Q&A) ----------

/** The products a host has pinned in a live show right now (at most 3 highlighted). */
export const showPins = pgTable(
  'show_pins',
  {
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    pinnedAt: timestamp('pinned_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.productId] })],
);

/** Everything that happened in a show, in time relative to its start, so a replay can show it again. */
export const showTimeline = pgTable(
  'show_timeline',
  {
    id: integer('id').generatedAlwaysAsIdentity().primaryKey(),
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    /** Milliseconds since the show went live. */
    atMs: integer('at_ms').notNull(),
    kind: text('kind').notNull(),
    data: jsonb('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('show_timeline_show_idx').on(t.showId, t.atMs)],
);

/** A flash deal: a price, a quantity cap and a time window, all enforced by the server. */
export const flashDeals = pgTable(
  'flash_deals',
  {
    id: text('id').primaryKey(),
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    variantId: text('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    /** The deal price, in the product currency's minor unit. */
    price: integer('price').notNull(),
    cap: integer('cap').notNull(),
    /** Units held or sold at the deal price; claimed ≤ cap by a conditional update. */
    claimed: integer('claimed').notNull().default(0),
    perBuyerLimit: integer('per_buyer_limit').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, precision: 3 }).notNull(),
    /** Set when the host ends the deal early. */
    stoppedAt: timestamp('stopped_at', { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    index('flash_deals_show_idx').on(t.showId, t.startsAt),
    check('flash_deals_claimed_within_cap', sql`${t.claimed} >= 0 AND ${t.claimed} <= ${t.cap}`),
    check('flash_deals_price_positive', sql`${t.price} > 0`),
  ],
);

/** Units of a deal held by one order; released with the order's reservation, counted per buyer. */
export const dealClaims = pgTable(
  'deal_claims',
  {
    dealId: text('deal_id')
      .notNull()
      .references(() => flashDeals.id, { onDelete: 'cascade' }),
    orderId: text('order_id').notNull(),
    ownerKey: text('owner_key').notNull(),
    quantity: integer('quantity').notNull(),
    status: text('status', { enum: ['held', 'sold', 'released'] }).notNull().default('held'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.dealId, t.orderId] }), index('deal_claims_owner_idx').on(t.dealId, t.ownerKey)],
);

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: text('id').primaryKey(),
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    /** user:<id> or guest:<browser id>: who wrote it, for moderation. */
    authorKey: text('author_key').notNull(),
    displayName: text('display_name').notNull(),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: text('deleted_by'),
  },
  (t) => [index('chat_messages_show_idx').on(t.showId, t.createdAt)],
);

/**
 * Mutes and bans in a show's chat. The subject is user:<id> or browser:<id> (a long-lived cookie),
 * so a ban holds across reconnects and new guest sessions from the same browser.
 */
export const chatSanctions = pgTable(
  'chat_sanctions',
  {
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    kind: text('kind', { enum: ['mute', 'ban'] }).notNull(),
    until: timestamp('until', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.subject, t.kind] })],
);

export const showModerators = pgTable(
  'show_moderators',
  {
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.showId, t.userId] })],
);

export const polls = pgTable(
  'polls',
  {
    id: text('id').primaryKey(),
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    options: jsonb('options').$type<{ id: string; text: string }[]>().notNull(),
    state: text('state', { enum: ['open', 'closed'] }).notNull().default('open'),
    createdAt: createdAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('polls_show_idx').on(t.showId, t.createdAt)],
);

export const pollVotes = pgTable(
  'poll_votes',
  {
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    voterKey: text('voter_key').notNull(),
    optionId: text('option_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.voterKey] })],
);

export const questions = pgTable(
  'questions',
  {
    id: text('id').primaryKey(),
    showId: text('show_id')
      .notNull()
      .references(() => shows.id, { onDelete: 'cascade' }),
    authorKey: text('author_key').notNull(),
    displayName: text('display_name').notNull(),
    text: text('text').notNull(),
    upvotes: integer('upvotes').notNull().default(0),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('questions_show_idx').on(t.showId, t.createdAt)],
);

export const questionVotes = pgTable(
  'question_votes',
  {
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    voterKey: text('voter_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.voterKey] })],
);

// ---------- realtime (adapters/realtime) ----------

/** The last sequence number of each realtime channel: one row per channel, kept so numbers never restart. */
export const channelSeq = pgTable('channel_seq', {
  channel: text('channel').primaryKey(),
  seq: integer('seq').notNull(),
});

/**
 * Recent events of every channel, so a client that reconnects to any instance can catch up.
 * Pruned after a few minutes (jobs.ts): older gaps are answered with a snapshot.
 */
export const channelEvents = pgTable(
  'channel_events',
  {
    channel: text('channel').notNull(),
    seq: integer('seq').notNull(),
    serverTime: timestamp('server_time', { withTimezone: true, precision: 3 }).notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.seq] }), index('channel_events_time_idx').on(t.serverTime)],
);

// ---------- co-shopping rooms (domain/rooms.ts) ----------

/** Raw bytes (try-on snapshots): Buffer in, Buffer out, on PGlite and PostgreSQL alike. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

export const rooms = pgTable(
  'rooms',
  {
    id: text('id').primaryKey(),
    /** The show watched together; null: browsing the catalog. A deleted show leaves the room browsing. */
    showId: text('show_id').references(() => shows.id, { onDelete: 'set null' }),
    /** sha256 of the invite token (the token itself is handed out once, in the invite link). */
    inviteHash: text('invite_hash').notNull(),
    maxMembers: integer('max_members').notNull(),
    /** Rises with every change of the shared cart; cart changes lock this row, so they apply one at a time. */
    cartVersion: integer('cart_version').notNull().default(0),
    /** "Look at this": the product last shared to the room. */
    share: jsonb('share').$type<{ id: string; memberId: string; productId: string; variantId: string | null; at: string }>(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Any change moves it; rooms idle for roomIdleHours are deleted. */
    lastActiveAt: timestamp('last_active_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('rooms_last_active_idx').on(t.lastActiveAt)],
);

export const roomMembers = pgTable(
  'room_members',
  {
    id: text('id').primaryKey(),
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    /** user:<id> or session:<id> of the member's session. */
    ownerKey: text('owner_key').notNull(),
    /** The browser's `bid` cookie when joining: a removed member cannot come back from the same browser. */
    browserId: text('browser_id'),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Left by themselves: may join again. */
    leftAt: timestamp('left_at', { withTimezone: true }),
    /** Removed by the owner: may not join again. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('room_members_owner_idx').on(t.roomId, t.ownerKey), index('room_members_browser_idx').on(t.roomId, t.browserId)],
);

export const roomLines = pgTable(
  'room_lines',
  {
    id: text('id').primaryKey(),
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    variantId: text('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    addedBy: text('added_by')
      .notNull()
      .references(() => roomMembers.id, { onDelete: 'cascade' }),
    addedAt: timestamp('added_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    status: text('status', { enum: ['open', 'paying', 'bought'] }).notNull().default('open'),
    /** The member paying (or who paid) for this line. */
    paidBy: text('paid_by').references(() => roomMembers.id, { onDelete: 'set null' }),
    /** The payer's Idempotency-Key while their checkout runs: a retry finds the lines it took. */
    checkoutKey: text('checkout_key'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    orderId: text('order_id').references(() => orders.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('room_lines_room_idx').on(t.roomId, t.addedAt),
    index('room_lines_order_idx').on(t.orderId),
    check('room_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const roomVotes = pgTable(
  'room_votes',
  {
    lineId: text('line_id')
      .notNull()
      .references(() => roomLines.id, { onDelete: 'cascade' }),
    memberId: text('member_id')
      .notNull()
      .references(() => roomMembers.id, { onDelete: 'cascade' }),
    vote: text('vote', { enum: ['up', 'down'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.lineId, t.memberId] })],
);

export const roomComments = pgTable(
  'room_comments',
  {
    id: text('id').primaryKey(),
    lineId: text('line_id')
      .notNull()
      .references(() => roomLines.id, { onDelete: 'cascade' }),
    memberId: text('member_id')
      .notNull()
      .references(() => roomMembers.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('room_comments_line_idx').on(t.lineId, t.createdAt)],
);

/** Try-on snapshots, re-encoded, kept in the database so every instance serves them and they go with their room. */
export const roomSnapshots = pgTable(
  'room_snapshots',
  {
    id: text('id').primaryKey(),
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    memberId: text('member_id')
      .notNull()
      .references(() => roomMembers.id, { onDelete: 'cascade' }),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    productId: text('product_id'),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('room_snapshots_room_idx').on(t.roomId, t.createdAt)],
);
