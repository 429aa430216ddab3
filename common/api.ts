// The HTTP contract under /api. Every request body and query is parsed with one of these schemas
// (strict: unknown fields are rejected). Response shapes are plain TypeScript types.
import { z } from 'zod';
import type { Money } from './money';

// ---------- shared pieces ----------
export const localeSchema = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof localeSchema>;
export type Localized = Record<Locale, string>;

export const categories = [
  'eyewear',
  'hats',
  'earrings',
  'lipstick',
  'watches',
  'rings',
  'necklaces',
  'sneakers',
  'home-kitchen',
  'electronics',
] as const;
export type Category = (typeof categories)[number];
export const categorySchema = z.enum(categories);

const idSchema = z.string().min(1).max(100);
export const quantitySchema = z.number().int().min(1).max(20);

// ---------- catalog ----------
export const productListQuerySchema = z.strictObject({
  category: categorySchema.optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(60).default(24),
});
export type ProductListQuery = z.infer<typeof productListQuerySchema>;

/** Where a try-on product sits on the body; filled in by the 3D and try-on issues. */
export const tryOnAnchors = ['face-eyes', 'head-top', 'ear-lobes', 'lips', 'wrist', 'finger', 'neck'] as const;
export type TryOnAnchor = (typeof tryOnAnchors)[number];

export interface Variant {
  id: string;
  sku: string;
  name: Localized;
  options: { color?: string; colorHex?: string; size?: string };
  price: Money;
  /** Units that can still be bought now: on hand minus reserved. */
  available: number;
}

export interface ProductSummary {
  id: string;
  category: Category;
  name: Localized;
  image: string;
  priceFrom: Money;
  available: number;
  hasModel: boolean;
  tryOn: TryOnAnchor | null;
}

export interface Product extends Omit<ProductSummary, 'image'> {
  description: Localized;
  images: string[];
  variants: Variant[];
  model: { url: string | null; anchor: TryOnAnchor | null };
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ---------- accounts ----------
export const roles = ['shopper', 'host', 'admin'] as const;
export type Role = (typeof roles)[number];

export const registerSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(8).max(200),
  displayName: z.string().trim().min(1).max(50),
});
export const loginSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface Me {
  user: User | null;
  /** Every visitor has a session; guests get an anonymous one that can hold a cart. */
  session: { kind: 'guest' | 'user' };
  savedPaymentMethod: SavedPaymentMethod | null;
  savedAddress: Address | null;
  /** The signed-in user's preferences; null for guests. */
  settings: AccountSettings | null;
}

export const accountSettingsSchema = z.strictObject({
  /** Leave me out of the "just bought" ticker in live shows. */
  hideFromTicker: z.boolean(),
});
export type AccountSettings = z.infer<typeof accountSettingsSchema>;

// ---------- cart ----------
export const addCartLineSchema = z.strictObject({ variantId: idSchema, quantity: quantitySchema });
export const updateCartLineSchema = z.strictObject({ quantity: quantitySchema });
export const applyDiscountSchema = z.strictObject({ code: z.string().trim().min(1).max(40) });

export interface CartLine {
  id: string;
  productId: string;
  variantId: string;
  name: Localized;
  variantName: Localized;
  image: string;
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
  available: number;
}

export interface Totals {
  subtotal: Money;
  discount: Money;
  shipping: Money;
  total: Money;
}

export interface Cart {
  id: string;
  lines: CartLine[];
  discountCode: string | null;
  /** Why an applied code does not take effect right now: an ErrorCode (DISCOUNT_EXPIRED, DISCOUNT_MINIMUM_NOT_MET…), or null. */
  discountProblem: string | null;
  totals: Totals;
  itemCount: number;
}

// ---------- address and saved payment ----------
export const addressSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().regex(/^[0-9A-Za-z -]{3,10}$/),
  region: z.string().trim().min(1).max(60),
  city: z.string().trim().min(1).max(100),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).default(''),
  phone: z.string().trim().regex(/^[0-9+() -]{6,20}$/),
});
export type Address = z.infer<typeof addressSchema>;

export interface SavedPaymentMethod {
  provider: PaymentProviderName;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

// ---------- checkout, payments and orders ----------
export const paymentProviders = ['demo', 'stripe'] as const;
export type PaymentProviderName = (typeof paymentProviders)[number];

export const checkoutSchema = z.strictObject({
  /** Buy the cart, or buy these items directly (one tap from a live card). */
  items: z.array(z.strictObject({ variantId: idSchema, quantity: quantitySchema })).min(1).max(50).optional(),
  address: addressSchema.optional(),
  /** Use the saved address (one-tap buying). */
  useSavedAddress: z.boolean().optional(),
  /** Pay at once with the saved payment method (one-tap buying). */
  useSavedPaymentMethod: z.boolean().optional(),
  /** Keep the card used for this payment for one-tap buying (signed-in shoppers; Stripe's Payment Element). */
  saveCard: z.boolean().optional(),
  discountCode: z.string().trim().min(1).max(40).optional(),
  /** Buy `items` at a live show's flash-deal price; every item must be the deal's variant. */
  dealId: idSchema.optional(),
  /** The live show the purchase is made from ("just bought" ticker). */
  showId: idSchema.optional(),
}).refine((v) => !v.dealId || v.items, { message: 'a deal price applies to items bought directly', path: ['dealId'] });
export type CheckoutRequest = z.infer<typeof checkoutSchema>;

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_:.-]{8,100}$/);

/** The demo provider's card form. No money moves; the numbers follow Stripe's test cards. */
export const demoCardSchema = z.strictObject({
  number: z.string().regex(/^[0-9 ]{12,23}$/),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
  cvc: z.string().regex(/^[0-9]{3,4}$/),
  name: z.string().trim().min(1).max(100),
});
export type DemoCard = z.infer<typeof demoCardSchema>;

export const demoConfirmSchema = z.strictObject({
  orderId: idSchema,
  card: demoCardSchema.optional(),
  useSavedPaymentMethod: z.boolean().optional(),
  saveCard: z.boolean().optional(),
}).refine((v) => Boolean(v.card) !== Boolean(v.useSavedPaymentMethod), {
  message: 'send either a card or useSavedPaymentMethod',
});

export const orderStatuses = ['pending', 'paid', 'fulfilled', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface OrderLine {
  variantId: string;
  productId: string;
  name: Localized;
  variantName: Localized;
  image: string;
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
}

export interface Order {
  id: string;
  number: number;
  status: OrderStatus;
  lines: OrderLine[];
  totals: Totals;
  discountCode: string | null;
  address: Address | null;
  paymentProvider: PaymentProviderName;
  /** The last failed payment attempt's message, if the order is still waiting for payment. */
  paymentError: string | null;
  reservedUntil: string | null;
  createdAt: string;
  paidAt: string | null;
}

export interface PaymentSession {
  provider: PaymentProviderName;
  /** Stripe's PaymentIntent client secret for the Payment Element; null for the demo provider. */
  clientSecret: string | null;
  publishableKey: string | null;
}

export interface CheckoutResponse {
  order: Order;
  payment: PaymentSession;
}

export const orderListQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

// ---------- shows (the live issue fills these in) ----------
export const showStates = ['scheduled', 'live', 'ended'] as const;
export type ShowState = (typeof showStates)[number];

export interface ShowSummary {
  id: string;
  title: Localized;
  hostName: string;
  cover: string;
  scheduledAt: string;
  state: ShowState;
  productIds: string[];
}

// ---------- live shows: studio, pins, flash deals ----------
const localizedTitleSchema = z.strictObject({ ja: z.string().trim().min(1).max(120), en: z.string().trim().min(1).max(120) });
/** A product picture or another file of this site: a path under /, never another origin. */
const coverSchema = z.string().max(300).regex(/^\/(?!\/)[A-Za-z0-9._~/-]+$/, 'A cover is a path on this site, such as /images/…');
const runSheetSchema = z.array(idSchema).max(50).refine((ids) => new Set(ids).size === ids.length, 'A product appears once in a run-sheet');

export const createShowSchema = z.strictObject({
  title: localizedTitleSchema,
  cover: coverSchema,
  scheduledAt: z.iso.datetime({ offset: true }),
  productIds: runSheetSchema,
});
export type CreateShowRequest = z.infer<typeof createShowSchema>;

export const updateShowSchema = z.strictObject({
  title: localizedTitleSchema.optional(),
  cover: coverSchema.optional(),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
  productIds: runSheetSchema.optional(),
});
export type UpdateShowRequest = z.infer<typeof updateShowSchema>;

export const showListQuerySchema = z.strictObject({ mine: z.literal('1') });

export const pinProductSchema = z.strictObject({ productId: idSchema });

export const startDealSchema = z.strictObject({
  variantId: idSchema,
  /** Minor units; below the variant's own price. */
  price: z.number().int().min(1),
  quantity: z.number().int().min(1).max(10_000),
  durationSeconds: z.number().int().min(10).max(3600),
  perBuyerLimit: z.number().int().min(1).max(5),
});
export type StartDealRequest = z.infer<typeof startDealSchema>;

export interface ShowPin {
  productId: string;
  pinnedAt: string;
}

export interface FlashDeal {
  id: string;
  showId: string;
  productId: string;
  variantId: string;
  price: Money;
  /** The variant's own price, for a struck-through comparison. */
  regularPrice: Money;
  cap: number;
  remaining: number;
  perBuyerLimit: number;
  startsAt: string;
  /** When the deal stops: its planned end, or the moment the host stopped it. */
  endsAt: string;
  active: boolean;
}

/** What a viewer needs to show a live show's state; also the `show:<id>` channel's snapshot. */
export interface ShowLiveState {
  state: ShowState;
  startedAt: string | null;
  pins: ShowPin[];
  /** Deals running now (one per variant at most), soonest end first. */
  deals: FlashDeal[];
  viewerCount: number;
}

export interface ShowDetail extends ShowSummary, ShowLiveState {
  hostId: string;
  endedAt: string | null;
  lineup: ProductSummary[];
}

/** Events on `show:<id>`: `show.state`, `pin.changed`, `deal.started`, `deal.ended`, `purchase`; `deal.remaining:<dealId>` is a latest-wins value. */
export interface ShowStateEvent {
  state: ShowState;
  startedAt: string | null;
  endedAt: string | null;
}
export interface PinChangedEvent {
  pins: ShowPin[];
}
export interface DealEvent {
  deal: FlashDeal;
}
export interface DealRemaining {
  dealId: string;
  remaining: number;
}
export interface PurchaseEvent {
  displayName: string;
  productName: Localized;
}

// ---------- health ----------
export interface Health {
  ok: true;
  version: string;
  database: 'pglite' | 'postgres';
  payments: PaymentProviderName;
  media: 'local' | 'livekit';
  realtime: 'hub' | 'hub+pg-notify';
}

// ---------- live shows: chat, moderation, polls, Q&A ----------
/** Chat and questions are one line of plain text; the server also refuses control characters and filtered words. */
export const chatTextMax = 300;
export const displayNameMax = 30;
const chatTextSchema = z.string().trim().min(1, 'Write something first').max(chatTextMax, `At most ${chatTextMax} characters`);
/** Guests give a display name to chat or ask; signed-in people always appear under their account's name. */
const guestNameSchema = z.string().trim().min(1).max(displayNameMax);

export const sendChatSchema = z.strictObject({ text: chatTextSchema, displayName: guestNameSchema.optional() });
export type SendChatRequest = z.infer<typeof sendChatSchema>;

export const chatHistoryQuerySchema = z.strictObject({
  /** A message id: older messages than it. */
  before: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const chatAuthorRoles = ['host', 'moderator', 'viewer'] as const;
export type ChatAuthorRole = (typeof chatAuthorRoles)[number];

/** A chat message as everyone sees it (also the `chat.message` event). Text is text: render it, never parse it as HTML. */
export interface ChatMessage {
  id: string;
  displayName: string;
  text: string;
  at: string;
  authorRole: ChatAuthorRole;
}

export const sanctionKinds = ['mute', 'ban'] as const;
export type SanctionKind = (typeof sanctionKinds)[number];
export const createSanctionSchema = z
  .strictObject({ messageId: idSchema, kind: z.enum(sanctionKinds), minutes: z.number().int().min(1).max(7 * 24 * 60).optional() })
  .refine((s) => s.kind === 'ban' || s.minutes !== undefined, { message: 'A mute needs minutes', path: ['minutes'] });
export type CreateSanctionRequest = z.infer<typeof createSanctionSchema>;

/** A mute or ban; `ref` names its subject without revealing the browser id behind it. */
export interface ChatSanction {
  ref: string;
  kind: SanctionKind;
  /** When a mute ends; null for a ban (for the whole show). */
  until: string | null;
  displayName: string | null;
}

export const moderatorSchema = z.strictObject({ userId: idSchema });

export const createPollSchema = z.strictObject({
  question: z.string().trim().min(1).max(140),
  options: z.array(z.string().trim().min(1).max(60)).min(2).max(4),
});
export type CreatePollRequest = z.infer<typeof createPollSchema>;
export const pollVoteSchema = z.strictObject({ optionId: z.string().min(1).max(20) });

export interface Poll {
  id: string;
  question: string;
  options: { id: string; text: string }[];
  state: 'open' | 'closed';
  /** Votes per option id. */
  counts: Record<string, number>;
  createdAt: string;
}

export const askQuestionSchema = z.strictObject({ text: chatTextSchema, displayName: guestNameSchema.optional() });
export type AskQuestionRequest = z.infer<typeof askQuestionSchema>;

export interface Question {
  id: string;
  displayName: string;
  text: string;
  upvotes: number;
  answeredAt: string | null;
  createdAt: string;
}

/** Events on `show:<id>` from chat and engagement (event type → data). */
export interface EngagementEvents {
  'chat.message': ChatMessage;
  'chat.deleted': { id: string };
  'poll.opened': Poll;
  'poll.closed': { pollId: string; counts: Record<string, number> };
  'question.asked': Question;
  'question.upvoted': { id: string; upvotes: number };
  'question.answered': { id: string; answeredAt: string };
}
/** Latest-wins values on `show:<id>`: live poll counts under this key. */
export const pollResultsKey = 'poll.results';
export interface PollResults {
  pollId: string;
  counts: Record<string, number>;
}

/** What chat and engagement add to the show channel's snapshot (beside the other features' parts). */
export interface EngagementSnapshot {
  chat: ChatMessage[];
  poll: Poll | null;
  questions: Question[];
}
