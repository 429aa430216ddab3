// The show's poll: viewers vote once and watch the bars move; the host starts and closes polls.
import { BarChart3, Check, Plus, X } from 'lucide-react';
import { useState } from 'react';
import { useStore } from 'zustand';
import { useI18n } from '../../lib/useI18n';
import { problemText } from './problem';
import { polls } from './cores';
import { totalVotes } from './polls';
import './engagement.css';

/** Shows the open (or just closed) poll; nothing when there is none. The host sees results and a close button. */
export function PollCard({ showId, isHost = false }: { showId: string; isHost?: boolean }) {
  const core = polls.useConnected(showId);
  const { locale, t } = useI18n();
  const poll = useStore(core.store, (s) => s.poll);
  const myVote = useStore(core.store, (s) => s.myVote);
  const voting = useStore(core.store, (s) => s.voting);
  const voteProblem = useStore(core.store, (s) => s.voteProblem);
  const hostBusy = useStore(core.store, (s) => s.hostBusy);
  const hostProblem = useStore(core.store, (s) => s.hostProblem);
  if (!poll) return null;

  const total = totalVotes(poll);
  const closed = poll.state === 'closed';
  // Results show once they cannot sway the vote: after voting, when closed, or to the host.
  const showResults = isHost || closed || myVote !== null;
  return (
    <section className="poll-card" aria-label={t('poll.title')} data-testid="poll-card" data-state={poll.state}>
      <header className="poll-card__head">
        <BarChart3 size={16} aria-hidden="true" />
        <span className="poll-card__label">{closed ? t('poll.closed') : t('poll.title')}</span>
        <span className="poll-card__total">{t('poll.votes', { n: total })}</span>
      </header>
      <h3 className="poll-card__question">{poll.question}</h3>
      <ul className="poll-card__options">
        {poll.options.map((option) => {
          const count = poll.counts[option.id] ?? 0;
          const share = total > 0 ? Math.round((count / total) * 100) : 0;
          const mine = myVote === option.id;
          return (
            <li key={option.id}>
              <button
                type="button"
                className={`poll-option${mine ? ' poll-option--mine' : ''}`}
                onClick={() => void core.vote(option.id)}
                disabled={isHost || closed || myVote !== null || voting}
                aria-pressed={mine}
                data-testid="poll-option"
                data-option-id={option.id}
              >
                {showResults && <span className="poll-option__bar" style={{ width: `${share}%` }} aria-hidden="true" />}
                <span className="poll-option__text">
                  {mine && <Check size={14} aria-hidden="true" />} {option.text}
                </span>
                {showResults && <span className="poll-option__share">{share}%</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {myVote !== null && !voteProblem && !isHost && <p className="poll-card__note">{t('poll.voted')}</p>}
      {voteProblem && (
        <p className="poll-card__problem" role="alert">
          {problemText(voteProblem, locale)}
        </p>
      )}
      {isHost && !closed && (
        <button type="button" className="button button--secondary button--small" onClick={() => void core.close()} disabled={hostBusy} data-testid="poll-close">
          {t('poll.close')}
        </button>
      )}
      {isHost && hostProblem && (
        <p className="poll-card__problem" role="alert">
          {problemText(hostProblem, locale)}
        </p>
      )}
    </section>
  );
}

const minOptions = 2;
const maxOptions = 4;

/** The host's form to start a poll: a question and two to four options. Hidden while a poll is open. */
export function PollComposer({ showId }: { showId: string }) {
  const core = polls.useConnected(showId);
  const { locale, t } = useI18n();
  const open = useStore(core.store, (s) => s.poll?.state === 'open');
  const busy = useStore(core.store, (s) => s.hostBusy);
  const problem = useStore(core.store, (s) => s.hostProblem);
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  if (open) return null;

  const filled = options.map((o) => o.trim()).filter(Boolean);
  const ready = question.trim().length > 0 && filled.length >= minOptions;
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!ready || busy) return;
    if (await core.create({ question: question.trim(), options: filled })) {
      setQuestion('');
      setOptions(['', '']);
    }
  };

  return (
    <form className="poll-composer" onSubmit={(e) => void submit(e)} data-testid="poll-composer">
      <h3 className="poll-composer__title">{t('poll.create')}</h3>
      <label className="field">
        <span className="field__label">{t('poll.question')}</span>
        <input className="input" value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={140} data-testid="poll-question" />
      </label>
      {options.map((option, i) => (
        <div className="poll-composer__option" key={i}>
          <input
            className="input"
            value={option}
            onChange={(e) => setOptions(options.map((o, j) => (j === i ? e.target.value : o)))}
            maxLength={60}
            placeholder={t('poll.option', { n: i + 1 })}
            aria-label={t('poll.option', { n: i + 1 })}
            data-testid="poll-option-input"
          />
          {options.length > minOptions && (
            <button type="button" className="icon-button icon-button--small" onClick={() => setOptions(options.filter((_, j) => j !== i))} aria-label={t('poll.removeOption', { n: i + 1 })}>
              <X size={16} aria-hidden="true" />
            </button>
          )}
        </div>
      ))}
      <div className="poll-composer__actions">
        {options.length < maxOptions && (
          <button type="button" className="button button--ghost button--small" onClick={() => setOptions([...options, ''])}>
            <Plus size={16} aria-hidden="true" />
            {t('poll.addOption')}
          </button>
        )}
        <button type="submit" className="button button--primary button--small" disabled={!ready || busy} data-testid="poll-start">
          {t('poll.start')}
        </button>
      </div>
      {problem && (
        <p className="poll-card__problem" role="alert">
          {problemText(problem, locale)}
        </p>
      )}
    </form>
  );
}
