// A show's Q&A without React: questions from the snapshot and events, most upvoted first and the
// answered ones after the open ones; asking (guests under their chat name), upvoting once (kept in
// this browser; the server's 409 says so too), and the host's "answered".
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AskQuestionRequest, Question } from '../../../common/api';
import { isApiError } from '../../lib/api';
import { chatProblem, type NameStorage, type Problem } from './problem';
import { showChannel, showPath, type CoreDeps } from './shared';

export interface QuestionsState {
  questions: Question[];
  /** Ids this browser upvoted. */
  upvoted: ReadonlySet<string>;
  asking: boolean;
  askProblem: Problem | null;
  actionProblem: Problem | null;
}

export interface QuestionsCore {
  store: StoreApi<QuestionsState>;
  connect(): () => void;
  ask(input: AskQuestionRequest): Promise<boolean>;
  upvote(id: string): Promise<void>;
  markAnswered(id: string): Promise<void>;
}

const upvotedKey = 'live-shop.upvoted-questions';

const isQuestion = (value: unknown): value is Question =>
  typeof value === 'object' && value !== null && typeof (value as Question).id === 'string' && typeof (value as Question).upvotes === 'number';

/** Open questions first, most upvoted first, then the oldest first (the server's order). */
export function sortQuestions(list: readonly Question[]): Question[] {
  return [...list].sort(
    (a, b) => Number(a.answeredAt !== null) - Number(b.answeredAt !== null) || b.upvotes - a.upvotes || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0),
  );
}

export function createQuestionsCore(showId: string, deps: CoreDeps & { storage: NameStorage | null }): QuestionsCore {
  const readUpvoted = (): Set<string> => {
    try {
      const raw = JSON.parse(deps.storage?.getItem(upvotedKey) ?? '[]') as unknown;
      return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
    } catch {
      return new Set();
    }
  };
  const store = createStore<QuestionsState>(() => ({ questions: [], upvoted: readUpvoted(), asking: false, askProblem: null, actionProblem: null }));

  const markUpvoted = (id: string) => {
    const upvoted = new Set(store.getState().upvoted).add(id);
    store.setState({ upvoted });
    try {
      // The newest few hundred are enough: old shows' questions are never shown again.
      deps.storage?.setItem(upvotedKey, JSON.stringify([...upvoted].slice(-300)));
    } catch {
      // Without storage the server's 409 still stops a second upvote.
    }
  };

  const update = (id: string, change: Partial<Question>) => {
    const { questions } = store.getState();
    if (!questions.some((q) => q.id === id)) return;
    store.setState({ questions: sortQuestions(questions.map((q) => (q.id === id ? { ...q, ...change } : q))) });
  };

  const upsert = (question: Question) => {
    const rest = store.getState().questions.filter((q) => q.id !== question.id);
    store.setState({ questions: sortQuestions([...rest, question]) });
  };

  return {
    store,
    connect() {
      return deps.realtime.subscribe(showChannel(showId), {
        snapshot(state) {
          const list = (state as { questions?: unknown } | null)?.questions;
          if (Array.isArray(list)) store.setState({ questions: sortQuestions(list.filter(isQuestion)) });
        },
        event(event) {
          const data = event.data as Record<string, unknown> | null;
          if (event.type === 'question.asked' && isQuestion(data)) upsert(data);
          else if (event.type === 'question.upvoted' && typeof data?.id === 'string' && typeof data.upvotes === 'number') update(data.id, { upvotes: data.upvotes });
          else if (event.type === 'question.answered' && typeof data?.id === 'string' && typeof data.answeredAt === 'string') update(data.id, { answeredAt: data.answeredAt });
        },
      });
    },
    async ask(input) {
      if (store.getState().asking) return false;
      store.setState({ asking: true, askProblem: null });
      try {
        upsert(await deps.request<Question>('POST', `${showPath(showId)}/questions`, { body: input }));
        store.setState({ asking: false });
        return true;
      } catch (error) {
        // Questions pass the same gate as chat (filter, rate limit, mutes), so they read the same.
        store.setState({ asking: false, askProblem: chatProblem(error) });
        return false;
      }
    },
    async upvote(id) {
      if (store.getState().upvoted.has(id)) return;
      store.setState({ actionProblem: null });
      try {
        const result = await deps.request<{ id: string; upvotes: number }>('POST', `${showPath(showId)}/questions/${encodeURIComponent(id)}/upvotes`, { body: {} });
        markUpvoted(id);
        update(id, { upvotes: result.upvotes });
      } catch (error) {
        if (isApiError(error, 'CONFLICT')) {
          markUpvoted(id);
          store.setState({ actionProblem: { key: 'qa.alreadyUpvoted' } });
        } else store.setState({ actionProblem: { error } });
      }
    },
    async markAnswered(id) {
      store.setState({ actionProblem: null });
      try {
        const question = await deps.request<Question>('POST', `${showPath(showId)}/questions/${encodeURIComponent(id)}/answered`, { body: {} });
        upsert(question);
      } catch (error) {
        store.setState({ actionProblem: { error } });
      }
    },
  };
}
