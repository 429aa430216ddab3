// A show's poll without React: the open poll from the snapshot and `poll.opened`, live counts from
// the latest-wins `poll.results`, the final counts from `poll.closed`. A viewer votes once: the
// choice is remembered in this browser, and the server's 409 (voted from another tab, or before a
// reload) is taken as "already voted" rather than as a failure.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { pollResultsKey, type CreatePollRequest, type Poll, type PollResults } from '../../../common/api';
import { isApiError } from '../../lib/api';
import type { NameStorage, Problem } from './problem';
import { showChannel, showPath, type CoreDeps } from './shared';

export interface PollState {
  poll: Poll | null;
  /** The option this browser chose, 'unknown' when the server says we voted but not for what; null before voting. */
  myVote: string | null;
  voting: boolean;
  voteProblem: Problem | null;
  /** The host's create and close requests. */
  hostBusy: boolean;
  hostProblem: Problem | null;
}

export interface PollCore {
  store: StoreApi<PollState>;
  connect(): () => void;
  vote(optionId: string): Promise<void>;
  create(input: CreatePollRequest): Promise<boolean>;
  close(): Promise<void>;
}

const votedKey = (pollId: string) => `live-shop.poll-vote:${pollId}`;

const isPoll = (value: unknown): value is Poll =>
  typeof value === 'object' && value !== null && typeof (value as Poll).id === 'string' && Array.isArray((value as Poll).options);

export function totalVotes(poll: Pick<Poll, 'counts'>): number {
  return Object.values(poll.counts).reduce((a, b) => a + b, 0);
}

export function createPollCore(showId: string, deps: CoreDeps & { storage: NameStorage | null }): PollCore {
  const store = createStore<PollState>(() => ({ poll: null, myVote: null, voting: false, voteProblem: null, hostBusy: false, hostProblem: null }));

  const recall = (pollId: string): string | null => {
    try {
      return deps.storage?.getItem(votedKey(pollId)) ?? null;
    } catch {
      return null;
    }
  };
  const remember = (pollId: string, optionId: string) => {
    try {
      deps.storage?.setItem(votedKey(pollId), optionId);
    } catch {
      // Without storage the server's 409 still stops a second vote.
    }
  };

  const show = (poll: Poll | null) => {
    const current = store.getState().poll;
    // A new poll starts with a clean slate; the same poll keeps what the viewer did.
    if (poll && current?.id === poll.id) store.setState({ poll });
    else store.setState({ poll, myVote: poll ? recall(poll.id) : null, voteProblem: null });
  };

  return {
    store,
    connect() {
      return deps.realtime.subscribe(showChannel(showId), {
        snapshot(state) {
          const poll = (state as { poll?: unknown } | null)?.poll;
          const current = store.getState().poll;
          if (isPoll(poll)) show(poll);
          // The snapshot holds only an open poll: a closed one stays on screen with its results.
          else if (current?.state !== 'closed') show(null);
        },
        event(event) {
          if (event.type === 'poll.opened' && isPoll(event.data)) show(event.data);
          else if (event.type === 'poll.closed') {
            const data = event.data as { pollId?: unknown; counts?: Record<string, number> } | null;
            const poll = store.getState().poll;
            if (poll && data?.pollId === poll.id) store.setState({ poll: { ...poll, state: 'closed', counts: data.counts ?? poll.counts } });
          }
        },
        ephemeral(value) {
          if (value.key !== pollResultsKey) return;
          const results = value.data as Partial<PollResults> | null;
          const poll = store.getState().poll;
          // Counts after a close are final; late live counts must not replace them.
          if (poll && poll.state === 'open' && results?.pollId === poll.id && results.counts) store.setState({ poll: { ...poll, counts: results.counts } });
        },
      });
    },
    async vote(optionId) {
      const { poll, myVote, voting } = store.getState();
      if (!poll || poll.state !== 'open' || myVote !== null || voting) return;
      store.setState({ voting: true, voteProblem: null });
      try {
        await deps.request('POST', `${showPath(showId)}/polls/${encodeURIComponent(poll.id)}/votes`, { body: { optionId } });
        remember(poll.id, optionId);
        store.setState({ voting: false, myVote: optionId });
      } catch (error) {
        if (isApiError(error, 'CONFLICT')) {
          remember(poll.id, 'unknown');
          store.setState({ voting: false, myVote: 'unknown', voteProblem: { key: 'poll.alreadyVoted' } });
        } else if (isApiError(error, 'INVALID_TRANSITION')) {
          store.setState({ voting: false, voteProblem: { key: 'poll.pollClosed' } });
        } else store.setState({ voting: false, voteProblem: { error } });
      }
    },
    async create(input) {
      store.setState({ hostBusy: true, hostProblem: null });
      try {
        const poll = await deps.request<Poll>('POST', `${showPath(showId)}/polls`, { body: input });
        show(poll);
        store.setState({ hostBusy: false });
        return true;
      } catch (error) {
        store.setState({ hostBusy: false, hostProblem: isApiError(error, 'CONFLICT') ? { key: 'poll.openAlready' } : { error } });
        return false;
      }
    },
    async close() {
      const poll = store.getState().poll;
      if (!poll || poll.state !== 'open') return;
      store.setState({ hostBusy: true, hostProblem: null });
      try {
        const closed = await deps.request<Poll>('POST', `${showPath(showId)}/polls/${encodeURIComponent(poll.id)}/close`, { body: {} });
        store.setState({ hostBusy: false, poll: closed });
      } catch (error) {
        store.setState({ hostBusy: false, hostProblem: { error } });
      }
    },
  };
}
