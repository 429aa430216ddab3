// The shopper's cart as the server last described it. Every change goes to the server, and the
// cart it answers with replaces ours: prices and totals are never computed here.
import type { Cart } from '../../../common/api';
import type { SliceCreator } from '../../stores/slice';
import * as cartApi from './api';

export type CartStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface CartSlice {
  cart: Cart | null;
  cartStatus: CartStatus;
  cartError: unknown;
  drawerOpen: boolean;
  /** Line ids with a change on the way, so their controls can wait. */
  busyLines: readonly string[];
  openDrawer(): void;
  closeDrawer(): void;
  loadCart(): Promise<void>;
  /** Opens the drawer to confirm, unless told not to (a live show confirms in place, over the video). */
  addToCart(variantId: string, quantity: number, options?: { openDrawer?: boolean }): Promise<Cart>;
  setLineQuantity(lineId: string, quantity: number): Promise<Cart>;
  removeLine(lineId: string): Promise<Cart>;
  applyDiscount(code: string): Promise<Cart>;
  removeDiscount(): Promise<Cart>;
}

export const createCartSlice: SliceCreator<CartSlice> = (set, get) => {
  const received = (cart: Cart) => {
    set({ cart, cartStatus: 'ready', cartError: null });
    return cart;
  };
  const withBusyLine = async (lineId: string, change: () => Promise<Cart>) => {
    set((s) => ({ busyLines: [...s.busyLines, lineId] }));
    try {
      return received(await change());
    } finally {
      set((s) => ({ busyLines: s.busyLines.filter((id) => id !== lineId) }));
    }
  };
  return {
    cart: null,
    cartStatus: 'idle',
    cartError: null,
    drawerOpen: false,
    busyLines: [],
    openDrawer: () => set({ drawerOpen: true }),
    closeDrawer: () => set({ drawerOpen: false }),
    async loadCart() {
      set({ cartStatus: get().cart ? 'ready' : 'loading', cartError: null });
      try {
        received(await cartApi.fetchCart());
      } catch (error) {
        set({ cartStatus: 'error', cartError: error });
      }
    },
    async addToCart(variantId, quantity, options) {
      const cart = received(await cartApi.addLine(variantId, quantity));
      if (options?.openDrawer !== false) set({ drawerOpen: true });
      return cart;
    },
    setLineQuantity: (lineId, quantity) => withBusyLine(lineId, () => cartApi.updateLine(lineId, quantity)),
    removeLine: (lineId) => withBusyLine(lineId, () => cartApi.removeLine(lineId)),
    applyDiscount: async (code) => received(await cartApi.applyDiscount(code)),
    removeDiscount: async () => received(await cartApi.removeDiscount()),
  };
};
