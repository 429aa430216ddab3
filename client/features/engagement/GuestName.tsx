// The display name a guest chats and asks under: asked once, remembered in this browser, shown
// beside the composer with a way to change it. Signed-in people appear under their account's name.
import { useState } from 'react';
import { displayNameMax } from '../../../common/api';
import { useI18n } from '../../lib/useI18n';
import { useStore as useAppStore } from '../../stores';
import { browserStorage, readGuestName, saveGuestName } from './problem';

export interface GuestName {
  isGuest: boolean;
  name: string;
  editing: boolean;
  setName(name: string): void;
  edit(): void;
  /** Called once the server accepted something under this name. */
  remember(name: string): void;
}

export function useGuestName(): GuestName {
  // Unknown until the session has loaded: the server then decides (and says so if a name is missing).
  const isGuest = useAppStore((s) => s.me !== null && !s.me.user);
  const [saved, setSaved] = useState(() => readGuestName(browserStorage()));
  const [name, setName] = useState(saved);
  const [editing, setEditing] = useState(false);
  return {
    isGuest,
    name,
    editing: editing || !saved,
    setName,
    edit: () => setEditing(true),
    remember(value) {
      saveGuestName(browserStorage(), value);
      setSaved(value);
      setEditing(false);
    },
  };
}

export function GuestNameField({ guest, invalid }: { guest: GuestName; invalid: boolean }) {
  const { t } = useI18n();
  if (!guest.isGuest) return null;
  if (!guest.editing)
    return (
      <p className="chat__as">
        {t('chat.as', { name: guest.name })}{' '}
        <button type="button" className="chat__link" onClick={guest.edit}>
          {t('chat.changeName')}
        </button>
      </p>
    );
  return (
    <input
      className="input chat__name"
      value={guest.name}
      onChange={(e) => guest.setName(e.target.value)}
      maxLength={displayNameMax}
      placeholder={t('chat.namePlaceholder')}
      aria-label={t('chat.nameLabel')}
      aria-invalid={invalid || undefined}
      autoComplete="nickname"
      data-testid="chat-name"
    />
  );
}
