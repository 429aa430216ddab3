// The chat of one show without React: messages from the channel's snapshot and events, sending
// through REST (each message gets its own answer, so a refusal is shown next to the text), and the
// moderators' actions. Components read the store with zustand's useStore.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChatMessage, ChatSanction, CreateSanctionRequest, SanctionKind, SendChatRequest } from '../../../common/api';
import { chatProblem, type Problem } from './problem';
import { showChannel, showPath, type CoreDeps } from './shared';

/** Enough history to scroll back through; older messages leave memory (the server keeps them). */
export const maxKeptMessages = 200;
/** How long a moderator's mute lasts from the chat's one-click action. */
export const muteMinutes = 5;

export type ModerationAction = 'delete' | SanctionKind;

export interface ChatState {
  /** Oldest first, as the server orders them. */
  messages: ChatMessage[];
  sending: boolean;
  sendError: Problem | null;
  /** The message a moderator's request is running for. */
  moderating: string | null;
  moderationError: Problem | null;
  /** What the last sanction did, to confirm it in words. */
  sanctioned: ChatSanction | null;
}

export interface ChatCore {
  store: StoreApi<ChatState>;
  connect(): () => void;
  /** Resolves true when the server took the message (the composer clears its text then). */
  send(input: SendChatRequest): Promise<boolean>;
  moderate(messageId: string, action: ModerationAction): Promise<boolean>;
  clearError(): void;
}

const isMessage = (value: unknown): value is ChatMessage =>
  typeof value === 'object' && value !== null && typeof (value as ChatMessage).id === 'string' && typeof (value as ChatMessage).text === 'string';

export function createChatCore(showId: string, deps: CoreDeps): ChatCore {
  const store = createStore<ChatState>(() => ({ messages: [], sending: false, sendError: null, moderating: null, moderationError: null, sanctioned: null }));
  // A message deleted before its own POST answer arrives must not come back with that answer.
  const deleted = new Set<string>();

  const add = (message: ChatMessage) => {
    if (deleted.has(message.id)) return;
    const { messages } = store.getState();
    // The sender sees a message twice (its POST answer and the event); the first one wins.
    if (messages.some((m) => m.id === message.id)) return;
    const next = [...messages, message];
    // Events come in sequence order, but the POST answer may overtake earlier events: keep server order.
    next.sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1));
    store.setState({ messages: next.length > maxKeptMessages ? next.slice(-maxKeptMessages) : next });
  };

  const remove = (id: string) => {
    deleted.add(id);
    const { messages } = store.getState();
    if (messages.some((m) => m.id === id)) store.setState({ messages: messages.filter((m) => m.id !== id) });
  };

  return {
    store,
    connect() {
      return deps.realtime.subscribe(showChannel(showId), {
        snapshot(state) {
          const chat = (state as { chat?: unknown } | null)?.chat;
          if (!Array.isArray(chat)) return;
          // The snapshot is the truth as of now (deletions included): replace, do not merge.
          store.setState({ messages: chat.filter(isMessage).filter((m) => !deleted.has(m.id)) });
        },
        event(event) {
          if (event.type === 'chat.message' && isMessage(event.data)) add(event.data);
          else if (event.type === 'chat.deleted') {
            const id = (event.data as { id?: unknown } | null)?.id;
            if (typeof id === 'string') remove(id);
          }
        },
      });
    },
    async send(input) {
      if (store.getState().sending) return false;
      store.setState({ sending: true, sendError: null });
      try {
        const message = await deps.request<ChatMessage>('POST', `${showPath(showId)}/chat`, { body: input });
        add(message);
        store.setState({ sending: false });
        return true;
      } catch (error) {
        store.setState({ sending: false, sendError: chatProblem(error) });
        return false;
      }
    },
    async moderate(messageId, action) {
      store.setState({ moderating: messageId, moderationError: null, sanctioned: null });
      try {
        if (action === 'delete') {
          await deps.request('DELETE', `${showPath(showId)}/chat/${encodeURIComponent(messageId)}`);
          // Gone at once for the moderator; everyone else hears `chat.deleted`.
          remove(messageId);
          store.setState({ moderating: null });
        } else {
          const body: CreateSanctionRequest = action === 'mute' ? { messageId, kind: 'mute', minutes: muteMinutes } : { messageId, kind: 'ban' };
          const sanction = await deps.request<ChatSanction>('POST', `${showPath(showId)}/sanctions`, { body });
          store.setState({ moderating: null, sanctioned: sanction });
        }
        return true;
      } catch (error) {
        store.setState({ moderating: null, moderationError: { error } });
        return false;
      }
    },
    clearError: () => store.setState({ sendError: null, moderationError: null }),
  };
}
