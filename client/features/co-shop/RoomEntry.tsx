// Getting into a room: creating one ("Watch with friends"), the invite link to pass on, the join
// form, and every way of not getting in, in words.
import { Check, Copy, DoorOpen, Share2, Users, X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { roomDisplayNameSchema, type RoomCreated } from '../../../common/rooms';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { Spinner } from '../../lib/ui/Spinner';
import { TextField } from '../../lib/ui/TextField';
import { useI18n } from '../../lib/useI18n';
import type { MessageKey } from '../../lib/i18n';
import { roomApi } from './api';
import { useRoom } from './hooks';
import { inviteFor, inviteLink } from './invite';
import type { RoomCore, RoomStatus } from './room';
import './co-shop.css';

function NameForm({ initialName, submitLabel, testid, onSubmit }: { initialName: string; submitLabel: string; testid: string; onSubmit(name: string): Promise<void> }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(initialName);
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = roomDisplayNameSchema.safeParse(name);
    if (!checked.success) return setInvalid(true);
    setInvalid(false);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(checked.data);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <form className="room-name-form" onSubmit={(e) => void submit(e)} noValidate data-testid={testid}>
      <TextField
        id={`${id}-name`}
        label={t('coshop.yourName')}
        hint={t('coshop.yourNameHint')}
        error={invalid ? t('coshop.nameInvalid') : undefined}
        value={name}
        maxLength={30}
        autoComplete="nickname"
        onChange={(e) => setName(e.target.value)}
        data-testid="room-name-input"
        disabled={busy}
        autoFocus
      />
      {error !== null && <ErrorMessage error={error} compact />}
      <button type="submit" className="button button--primary button--block" disabled={busy} data-testid="room-name-submit">
        {busy ? <Spinner /> : <DoorOpen size={18} aria-hidden="true" />}
        {submitLabel}
      </button>
    </form>
  );
}

/** "Watch with friends": asks what to call you, makes the room and hands back its invite. */
export function CreateRoomButton({
  showId,
  defaultName,
  onCreated,
  variant = 'stage',
}: {
  showId: string | null;
  defaultName: string;
  onCreated(created: RoomCreated): void;
  variant?: 'stage' | 'page';
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={variant === 'stage' ? 'stage-pill room-create-button' : 'button button--secondary'}
        onClick={() => setOpen(true)}
        data-testid="create-room"
      >
        <Users size={18} aria-hidden="true" />
        {showId ? t('coshop.watchWithFriends') : t('coshop.shopWithFriends')}
      </button>
      {open && (
        <div className="room-dialog-scrim" onClick={() => setOpen(false)}>
          <div className="room-dialog" role="dialog" aria-modal="true" aria-labelledby="room-create-title" onClick={(e) => e.stopPropagation()}>
            <button type="button" className="icon-button room-dialog__close" onClick={() => setOpen(false)} aria-label={t('common.close')}>
              <X size={20} aria-hidden="true" />
            </button>
            <h2 id="room-create-title" className="room-dialog__title">
              {showId ? t('coshop.createTitleShow') : t('coshop.createTitleShop')}
            </h2>
            <p className="room-dialog__text">{t('coshop.createText')}</p>
            <NameForm
              initialName={defaultName}
              submitLabel={t('coshop.create')}
              testid="create-room-form"
              onSubmit={async (name) => {
                const created = await roomApi().create(showId, name);
                // The creator's tab keeps the invite, as a friend's does from the link.
                inviteFor(created.room.id, created.inviteToken);
                onCreated(created);
              }}
            />
          </div>
        </div>
      )}
    </>
  );
}

/** The invite link, to copy or hand to the phone's share sheet. */
export function InviteLink({ core }: { core: RoomCore }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const link = inviteLink(location.origin, core.ref.roomId, core.ref.invite);
  const canShare = typeof navigator.share === 'function';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard permission (an insecure origin): the field is selected for a manual copy.
      (document.getElementById('room-invite-link') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div className="room-invite">
      <label className="room-invite__label" htmlFor="room-invite-link">
        {t('coshop.inviteLabel')}
      </label>
      <div className="room-invite__row">
        <input id="room-invite-link" className="input room-invite__input" readOnly value={link} data-testid="invite-link" onFocus={(e) => e.target.select()} />
        <button type="button" className="button button--secondary button--small" onClick={() => void copy()} data-testid="copy-invite">
          {copied ? <Check size={16} aria-hidden="true" /> : <Copy size={16} aria-hidden="true" />}
          {copied ? t('coshop.copied') : t('coshop.copy')}
        </button>
        {canShare && (
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label={t('coshop.share')}
            onClick={() => void navigator.share({ title: t('coshop.inviteShareTitle'), url: link }).catch(() => undefined)}
          >
            <Share2 size={16} aria-hidden="true" />
          </button>
        )}
      </div>
      <p className="room-invite__hint">{t('coshop.inviteHint')}</p>
    </div>
  );
}

/** The join form for a friend who opened the link. */
export function JoinRoom({ core, defaultName }: { core: RoomCore; defaultName: string }) {
  const { t } = useI18n();
  return (
    <section className="room-gate panel" aria-labelledby="room-join-title">
      <Users size={32} aria-hidden="true" className="room-gate__icon" />
      <h1 id="room-join-title" className="room-gate__title">
        {t('coshop.joinTitle')}
      </h1>
      <p className="room-gate__text">{t('coshop.joinText')}</p>
      <NameForm initialName={defaultName} submitLabel={t('coshop.join')} testid="join-room-form" onSubmit={(name) => core.join(name)} />
    </section>
  );
}

const statusText: Partial<Record<RoomStatus, [MessageKey, MessageKey]>> = {
  invalid: ['coshop.invalidTitle', 'coshop.invalidText'],
  full: ['coshop.fullTitle', 'coshop.fullText'],
  removed: ['coshop.removedTitle', 'coshop.removedText'],
  closed: ['coshop.closedTitle', 'coshop.closedText'],
};

/** Why this room cannot be shown: a bad or expired invite, a full room, removed, closed, or an error. */
export function RoomGate({ core, children }: { core: RoomCore; children?: React.ReactNode }) {
  const { t } = useI18n();
  const status = useRoom(core, (s) => s.status);
  const error = useRoom(core, (s) => s.error);
  const text = statusText[status];
  return (
    <section className="room-gate panel" data-testid="room-status" data-status={status}>
      {text ? (
        <>
          <h1 className="room-gate__title">{t(text[0])}</h1>
          <p className="room-gate__text">{t(text[1])}</p>
        </>
      ) : (
        <ErrorMessage error={error} onRetry={() => void core.load()} />
      )}
      {children}
    </section>
  );
}
