// The room's shared cart: every line with who added it, quantity, remove, thumbs up and down, and
// comments; what is left to buy, and the two ways to pay (my lines, or everyone's).
import { MessageCircle, ShoppingBag, ThumbsDown, ThumbsUp, Trash2, Users, Wallet } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { maxLineQuantity } from '../../../common/cart';
import { roomCommentMax, type RoomCartLine, type RoomMember } from '../../../common/rooms';
import { formatMoney } from '../../lib/format';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { QuantityStepper } from '../../lib/ui/QuantityStepper';
import { useI18n } from '../../lib/useI18n';
import { useRoom } from './hooks';
import type { RoomCore } from './room';

export function SharedCart({ core, onCheckout }: { core: RoomCore; onCheckout(scope: 'mine' | 'all'): void }) {
  const { locale, t } = useI18n();
  const cart = useRoom(core, (s) => s.cart);
  const members = useRoom(core, (s) => s.members);
  const me = useRoom(core, (s) => s.me);
  const [error, setError] = useState<unknown>(null);
  const lines = cart?.lines ?? [];
  const open = lines.filter((l) => l.status === 'open');
  const mine = open.filter((l) => l.addedBy === me?.id);

  const run = (change: () => Promise<unknown>) => {
    setError(null);
    change().catch(setError);
  };

  if (lines.length === 0) {
    return (
      <div className="room-cart room-cart--empty" data-testid="room-cart" data-version={cart?.version ?? 0}>
        <ShoppingBag size={28} aria-hidden="true" />
        <p>{t('coshop.cartEmpty')}</p>
      </div>
    );
  }
  return (
    <div className="room-cart" data-testid="room-cart" data-version={cart?.version ?? 0}>
      {error !== null && <ErrorMessage error={error} compact />}
      <ul className="room-cart__lines">
        {lines.map((line) => (
          <RoomLine key={line.id} line={line} core={core} members={members} meId={me?.id ?? null} onChange={run} />
        ))}
      </ul>
      {cart && open.length > 0 && (
        <div className="room-cart__footer">
          <p className="room-cart__total">
            <span>{t('coshop.leftToBuy', { n: open.length })}</span>
            <strong data-testid="room-cart-total">{formatMoney(cart.openTotals.subtotal, locale)}</strong>
          </p>
          <div className="room-cart__pay">
            <button type="button" className="button button--secondary" disabled={mine.length === 0} onClick={() => onCheckout('mine')} data-testid="pay-mine">
              <Wallet size={18} aria-hidden="true" />
              {t('coshop.payMine', { n: mine.length })}
            </button>
            <button type="button" className="button button--primary" onClick={() => onCheckout('all')} data-testid="pay-all">
              <Users size={18} aria-hidden="true" />
              {t('coshop.payAll')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function RoomLine({
  line,
  core,
  members,
  meId,
  onChange,
}: {
  line: RoomCartLine;
  core: RoomCore;
  members: RoomMember[];
  meId: string | null;
  onChange(change: () => Promise<unknown>): void;
}) {
  const { locale, t } = useI18n();
  const [showComments, setShowComments] = useState(false);
  const nameOf = (memberId: string | null) => members.find((m) => m.id === memberId)?.displayName ?? t('coshop.formerMember');
  const name = line.name[locale];
  const openLine = line.status === 'open';
  const myVote = meId && line.votes.up.includes(meId) ? 'up' : meId && line.votes.down.includes(meId) ? 'down' : null;
  const vote = (v: 'up' | 'down') => onChange(() => core.vote(line.id, myVote === v ? null : v));
  return (
    <li className={`room-line room-line--${line.status}`} data-testid="room-cart-line" data-line-id={line.id} data-variant-id={line.variantId} data-status={line.status}>
      <img className="room-line__image" src={line.image} alt="" width={64} height={64} loading="lazy" />
      <div className="room-line__body">
        <span className="room-line__name">{name}</span>
        <span className="room-line__variant">{line.variantName[locale]}</span>
        <span className="room-line__who" data-testid="added-by">
          {t('coshop.addedBy', { name: line.addedBy === meId ? t('coshop.you') : nameOf(line.addedBy) })}
        </span>
        {line.status !== 'open' && (
          <span className="room-line__status">
            {line.status === 'paying' ? t('coshop.lineBeingPaid', { name: nameOf(line.paidBy) }) : t('coshop.lineBought', { name: nameOf(line.paidBy) })}
          </span>
        )}
        <div className="room-line__controls">
          {openLine && (
            <QuantityStepper
              value={line.quantity}
              max={Math.min(maxLineQuantity, Math.max(line.available, line.quantity))}
              label={t('cart.quantityOf', { name })}
              onChange={(q) => onChange(() => core.setQuantity(line.id, q))}
            />
          )}
          <div className="room-line__votes" role="group" aria-label={t('coshop.votes')}>
            <button
              type="button"
              className={`room-vote${myVote === 'up' ? ' room-vote--on' : ''}`}
              aria-pressed={myVote === 'up'}
              aria-label={t('coshop.voteUp')}
              onClick={() => vote('up')}
              data-testid="vote-up"
            >
              <ThumbsUp size={16} aria-hidden="true" />
              <span data-testid="vote-up-count">{line.votes.up.length}</span>
            </button>
            <button
              type="button"
              className={`room-vote${myVote === 'down' ? ' room-vote--on' : ''}`}
              aria-pressed={myVote === 'down'}
              aria-label={t('coshop.voteDown')}
              onClick={() => vote('down')}
              data-testid="vote-down"
            >
              <ThumbsDown size={16} aria-hidden="true" />
              <span data-testid="vote-down-count">{line.votes.down.length}</span>
            </button>
            <button
              type="button"
              className="room-vote"
              aria-expanded={showComments}
              aria-label={t('coshop.comments', { n: line.comments.length })}
              onClick={() => setShowComments((v) => !v)}
              data-testid="comments-toggle"
            >
              <MessageCircle size={16} aria-hidden="true" />
              <span>{line.comments.length}</span>
            </button>
          </div>
          {openLine && (
            <button type="button" className="icon-button icon-button--small" aria-label={t('cart.remove', { name })} onClick={() => onChange(() => core.removeLine(line.id))} data-testid="remove-line">
              <Trash2 size={16} aria-hidden="true" />
            </button>
          )}
        </div>
        {showComments && <Comments line={line} core={core} nameOf={nameOf} meId={meId} onChange={onChange} />}
      </div>
      <span className="room-line__total">{formatMoney(line.lineTotal, locale)}</span>
    </li>
  );
}

function Comments({
  line,
  core,
  nameOf,
  meId,
  onChange,
}: {
  line: RoomCartLine;
  core: RoomCore;
  nameOf(id: string): string;
  meId: string | null;
  onChange(change: () => Promise<unknown>): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    onChange(async () => {
      await core.comment(line.id, value);
      setText('');
    });
  };
  return (
    <div className="room-comments">
      {line.comments.length > 0 && (
        <ul className="room-comments__list">
          {line.comments.map((c) => (
            <li key={c.id} className="room-comment" data-testid="room-comment">
              {/* Plain text, never HTML. */}
              <strong>{c.memberId === meId ? t('coshop.you') : nameOf(c.memberId)}</strong> {c.text}
            </li>
          ))}
        </ul>
      )}
      <form className="room-comments__form" onSubmit={submit}>
        <label htmlFor={`${id}-comment`} className="visually-hidden">
          {t('coshop.commentLabel')}
        </label>
        <input
          id={`${id}-comment`}
          className="input input--small"
          value={text}
          maxLength={roomCommentMax}
          placeholder={t('coshop.commentPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid="comment-input"
        />
        <button type="submit" className="button button--secondary button--small" disabled={!text.trim()} data-testid="comment-submit">
          {t('coshop.commentSend')}
        </button>
      </form>
    </div>
  );
}
