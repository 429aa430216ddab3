// Q&A: viewers ask and upvote; the host and moderators mark questions answered.
import { CheckCircle2, ChevronUp, MessageCircleQuestion } from 'lucide-react';
import { useState } from 'react';
import { useStore } from 'zustand';
import { chatTextMax } from '../../../common/api';
import { useI18n } from '../../lib/useI18n';
import { GuestNameField, useGuestName } from './GuestName';
import { problemText } from './problem';
import { questionCores } from './cores';
import './engagement.css';

export function QuestionsPanel({ showId, canModerate = false }: { showId: string; canModerate?: boolean }) {
  const core = questionCores.useConnected(showId);
  const { locale, t } = useI18n();
  const questions = useStore(core.store, (s) => s.questions);
  const upvoted = useStore(core.store, (s) => s.upvoted);
  const asking = useStore(core.store, (s) => s.asking);
  const askProblem = useStore(core.store, (s) => s.askProblem);
  const actionProblem = useStore(core.store, (s) => s.actionProblem);
  const guest = useGuestName();
  const [text, setText] = useState('');
  const [nameMissing, setNameMissing] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    const displayName = guest.isGuest ? guest.name.trim() : undefined;
    if (guest.isGuest && !displayName) return setNameMissing(true);
    setNameMissing(false);
    if (await core.ask({ text: trimmed, ...(displayName ? { displayName } : {}) })) {
      setText('');
      if (displayName) guest.remember(displayName);
    }
  };

  return (
    <section className="questions" aria-label={t('qa.title')} data-testid="questions-panel">
      <h3 className="questions__title">
        <MessageCircleQuestion size={16} aria-hidden="true" /> {t('qa.title')}
      </h3>
      {!canModerate && (
        <form className="questions__ask" onSubmit={(e) => void submit(e)}>
          <GuestNameField guest={guest} invalid={nameMissing} />
          <div className="questions__row">
            <input className="input" value={text} onChange={(e) => setText(e.target.value)} maxLength={chatTextMax} placeholder={t('qa.placeholder')} aria-label={t('qa.placeholder')} data-testid="question-input" />
            <button type="submit" className="button button--primary button--small" disabled={asking || !text.trim()} data-testid="question-ask">
              {t('qa.ask')}
            </button>
          </div>
          {(askProblem || nameMissing) && (
            <p className="questions__problem" role="alert">
              {nameMissing ? t('chat.error.nameMissing') : problemText(askProblem!, locale)}
            </p>
          )}
        </form>
      )}
      {actionProblem && (
        <p className="questions__problem" role="alert">
          {problemText(actionProblem, locale)}
        </p>
      )}
      {questions.length === 0 ? (
        <p className="questions__empty">{t('qa.empty')}</p>
      ) : (
        <ol className="questions__list">
          {questions.map((q) => {
            const answered = q.answeredAt !== null;
            const mine = upvoted.has(q.id);
            return (
              <li key={q.id} className={`question${answered ? ' question--answered' : ''}`} data-testid="question-item" data-question-id={q.id}>
                <button
                  type="button"
                  className={`question__vote${mine ? ' question__vote--mine' : ''}`}
                  onClick={() => void core.upvote(q.id)}
                  disabled={mine || answered}
                  aria-pressed={mine}
                  aria-label={mine ? t('qa.upvoted') : t('qa.upvote')}
                  data-testid="question-upvote"
                >
                  <ChevronUp size={16} aria-hidden="true" />
                  <span>{q.upvotes}</span>
                </button>
                <div className="question__body">
                  <span className="question__author">{q.displayName}</span>
                  <span className="question__text">{q.text}</span>
                </div>
                {answered ? (
                  <span className="question__answered">
                    <CheckCircle2 size={14} aria-hidden="true" /> {t('qa.answered')}
                  </span>
                ) : (
                  canModerate && (
                    <button type="button" className="button button--ghost button--small" onClick={() => void core.markAnswered(q.id)} data-testid="question-answered">
                      {t('qa.markAnswered')}
                    </button>
                  )
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
