// A show's chat, in two looks: `overlay` floats over the video on a phone (translucent, the newest
// lines fading out at the top, TikTok LIVE style) and becomes a side column on a wide screen;
// `panel` is a plain scrollable list (the studio). Messages are React text nodes only, so markup a
// viewer types is shown as the characters they typed.
import { Ban, MicOff, SendHorizontal, Trash2 } from 'lucide-react';
import { useLayoutEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { chatTextMax, type ChatMessage } from '../../../common/api';
import { apiRequest } from '../../lib/api';
import { getRealtime } from '../../lib/realtime';
import { useI18n } from '../../lib/useI18n';
import { useRealtimeState } from '../../lib/useRealtime';
import { createChatCore, type ChatCore, type ModerationAction } from './chat';
import { GuestNameField, useGuestName } from './GuestName';
import { problemText } from './problem';
import { coreRegistry } from './shared';
import './chat.css';

const chats = coreRegistry((showId) => createChatCore(showId, { realtime: getRealtime(), request: apiRequest }));

/** Close enough to the bottom to count as reading the newest messages. */
const stickThresholdPx = 32;

export function ChatPanel({ showId, canModerate = false, variant = 'panel' }: { showId: string; canModerate?: boolean; variant?: 'overlay' | 'panel' }) {
  const core = chats.useConnected(showId);
  const { t } = useI18n();
  const messages = useStore(core.store, (s) => s.messages);
  const connection = useRealtimeState();
  const listRef = useRef<HTMLOListElement>(null);
  // A ref, not state: scrolling happens many times a second and must not render.
  const stick = useRef(true);
  const [unseen, setUnseen] = useState(false);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (stick.current) list.scrollTop = list.scrollHeight;
    else setUnseen(true);
  }, [messages]);

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < stickThresholdPx;
    if (atBottom !== stick.current) {
      stick.current = atBottom;
      if (atBottom) setUnseen(false);
    }
  };

  const jumpToNewest = () => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
    stick.current = true;
    setUnseen(false);
  };

  return (
    <section className={`chat chat--${variant}`} aria-label={t('chat.title')} data-testid="chat-panel">
      {variant === 'panel' && <h2 className="chat__title">{t('chat.title')}</h2>}
      {connection !== 'open' && (
        <p className="chat__connection" role="status" data-testid="chat-connection">
          {t(`chat.connection.${connection}`)}
        </p>
      )}
      <ol className="chat__list" ref={listRef} onScroll={onScroll} aria-live="polite">
        {messages.length === 0 && variant === 'panel' && <li className="chat__empty">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <MessageRow key={m.id} message={m} core={core} canModerate={canModerate} />
        ))}
      </ol>
      {unseen && (
        <button type="button" className="chat__jump" onClick={jumpToNewest}>
          {t('chat.newMessages')}
        </button>
      )}
      <Moderation core={core} />
      <Composer core={core} />
    </section>
  );
}

function MessageRow({ message, core, canModerate }: { message: ChatMessage; core: ChatCore; canModerate: boolean }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState<ModerationAction | null>(null);
  const busy = useStore(core.store, (s) => s.moderating === message.id);
  const act = async (action: ModerationAction) => {
    if (await core.moderate(message.id, action)) setConfirming(null);
  };
  // The host and moderators cannot be sanctioned (the server refuses); do not offer it.
  const sanctionable = message.authorRole === 'viewer';
  const question = { delete: 'chat.mod.confirmDelete', mute: 'chat.mod.confirmMute', ban: 'chat.mod.confirmBan' } as const;

  return (
    <li className={`chat__message chat__message--${message.authorRole}`} data-testid="chat-message" data-message-id={message.id}>
      <span className="chat__line">
        <span className="chat__author">
          {message.displayName}
          {message.authorRole !== 'viewer' && <span className="chat__role">{t(`chat.role.${message.authorRole}`)}</span>}
        </span>{' '}
        <span className="chat__text">{message.text}</span>
      </span>
      {canModerate && !confirming && (
        <span className="chat__mod">
          <button type="button" className="chat__mod-button" onClick={() => setConfirming('delete')} aria-label={t('chat.mod.delete')} title={t('chat.mod.delete')} data-testid="chat-delete">
            <Trash2 size={16} aria-hidden="true" />
          </button>
          {sanctionable && (
            <>
              <button type="button" className="chat__mod-button" onClick={() => setConfirming('mute')} aria-label={t('chat.mod.mute')} title={t('chat.mod.mute')} data-testid="chat-mute">
                <MicOff size={16} aria-hidden="true" />
              </button>
              <button type="button" className="chat__mod-button" onClick={() => setConfirming('ban')} aria-label={t('chat.mod.ban')} title={t('chat.mod.ban')} data-testid="chat-ban">
                <Ban size={16} aria-hidden="true" />
              </button>
            </>
          )}
        </span>
      )}
      {canModerate && confirming && (
        <span className="chat__confirm" role="group">
          <span>{t(question[confirming], { name: message.displayName })}</span>
          <button type="button" className="button button--danger button--small" onClick={() => void act(confirming)} disabled={busy} data-testid="chat-confirm">
            {t('chat.mod.confirm')}
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(null)} disabled={busy}>
            {t('chat.mod.cancel')}
          </button>
        </span>
      )}
    </li>
  );
}

function Moderation({ core }: { core: ChatCore }) {
  const { locale, t } = useI18n();
  const error = useStore(core.store, (s) => s.moderationError);
  const sanctioned = useStore(core.store, (s) => s.sanctioned);
  if (error)
    return (
      <p className="chat__error" role="alert">
        {problemText(error, locale)}
      </p>
    );
  if (sanctioned)
    return (
      <p className="chat__notice" role="status">
        {t(sanctioned.kind === 'mute' ? 'chat.mod.done.mute' : 'chat.mod.done.ban', { name: sanctioned.displayName ?? '' })}
      </p>
    );
  return null;
}

function Composer({ core }: { core: ChatCore }) {
  const { locale, t } = useI18n();
  const sending = useStore(core.store, (s) => s.sending);
  const error = useStore(core.store, (s) => s.sendError);
  const [text, setText] = useState('');
  const guest = useGuestName();
  const [nameMissing, setNameMissing] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || sending) return;
    const displayName = guest.isGuest ? guest.name.trim() : undefined;
    if (guest.isGuest && !displayName) {
      setNameMissing(true);
      return;
    }
    setNameMissing(false);
    if (await core.send({ text: trimmed, ...(displayName ? { displayName } : {}) })) {
      setText('');
      if (displayName) guest.remember(displayName);
    }
  };

  const near = text.length > chatTextMax - 50;
  return (
    <form className="chat__composer" onSubmit={(e) => void submit(e)}>
      <GuestNameField guest={guest} invalid={nameMissing} />
      <div className="chat__row">
        <input
          className="input chat__input"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (error) core.clearError();
          }}
          maxLength={chatTextMax}
          placeholder={t('chat.placeholder')}
          aria-label={t('chat.placeholder')}
          enterKeyHint="send"
          data-testid="chat-input"
        />
        <button type="submit" className="chat__send" disabled={sending || !text.trim()} aria-busy={sending} aria-label={sending ? t('chat.sending') : t('chat.send')} title={t('chat.send')} data-testid="chat-send">
          <SendHorizontal size={18} aria-hidden="true" />
        </button>
      </div>
      {text.length > 0 && (
        <span className={`chat__counter${near ? ' chat__counter--near' : ''}`} aria-live="polite">
          {t('chat.counter', { n: text.length, max: chatTextMax })}
        </span>
      )}
      {(error || nameMissing) && (
        <p className="chat__error" role="alert" data-testid="chat-error">
          {nameMissing ? t('chat.error.nameMissing') : problemText(error!, locale)}
        </p>
      )}
    </form>
  );
}
