// Who the visitor is. GET /api/me also creates the guest session cookie, so it runs first.
import type { Me } from '../../../common/api';
import type { SliceCreator } from '../../stores/slice';
import * as accountApi from './api';

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface SessionSlice {
  me: Me | null;
  sessionStatus: SessionStatus;
  sessionError: unknown;
  loadSession(): Promise<void>;
  login(email: string, password: string): Promise<Me>;
  register(email: string, password: string, displayName: string): Promise<Me>;
  logout(): Promise<Me>;
  /** Account changes (address, card) answer with a fresh Me. */
  setMe(me: Me): void;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set) => {
  const signedIn = (me: Me) => {
    set({ me, sessionStatus: 'ready', sessionError: null });
    return me;
  };
  return {
    me: null,
    sessionStatus: 'idle',
    sessionError: null,
    async loadSession() {
      set({ sessionStatus: 'loading', sessionError: null });
      try {
        signedIn(await accountApi.fetchMe());
      } catch (error) {
        set({ sessionStatus: 'error', sessionError: error });
      }
    },
    login: async (email, password) => signedIn(await accountApi.login({ email, password })),
    register: async (email, password, displayName) => signedIn(await accountApi.register({ email, password, displayName })),
    logout: async () => signedIn(await accountApi.logout()),
    setMe: (me) => void signedIn(me),
  };
};
