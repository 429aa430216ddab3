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
}

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
});
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

// ---------- health ----------
export interface Health {
  ok: true;
  version: string;
  database: 'pglite' | 'postgres';
  payments: PaymentProviderName;
  media: 'local' | 'livekit';
  realtime: 'hub' | 'hub+pg-notify';
}
