// The one client store, composed from feature slices. Reactions that span slices live here so
// that the features themselves never need to know about each other.
import { create } from 'zustand';
import { createSessionSlice, type SessionSlice } from '../features/account/slice';
import { createCartSlice, type CartSlice } from '../features/cart/slice';
import { createUiSlice, type UiSlice } from './ui';

export type StoreState = SessionSlice & CartSlice & UiSlice;

export const useStore = create<StoreState>()((set, get) => ({
  ...createSessionSlice(set, get),
  ...createCartSlice(set, get),
  ...createUiSlice(set, get),
}));

/** Who owns the cart: signing in or out changes it, so the cart is fetched again. */
const cartOwner = (state: StoreState) => (state.me ? (state.me.user?.id ?? 'guest') : null);

useStore.subscribe((state, previous) => {
  const owner = cartOwner(state);
  if (owner !== null && owner !== cartOwner(previous)) void state.loadCart();
});

/** Session first (it sets the guest cookie), then the cart follows through the subscription. */
export function startSession(): Promise<void> {
  return useStore.getState().loadSession();
}
