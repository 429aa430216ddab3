import { fetchPaymentSession, postCheckout } from './api';
import { CheckoutSessions } from './core';

/** One per tab: it holds the payment sessions of the orders placed here. */
export const checkoutSessions = new CheckoutSessions(postCheckout, fetchPaymentSession);
