// What the live pages mount in their slots: the viewer's column over the video (hearts, and the
// poll and Q&A behind one button so the video stays clear on a phone) and the host's side column in
// the studio (chat with moderation, polls, Q&A, and the hearts viewers send).
import { MessageCircleQuestion } from 'lucide-react';
import { useState } from 'react';
import { useStore } from 'zustand';
import { useI18n } from '../../lib/useI18n';
import { useStore as useAppStore } from '../../stores';
import { ChatPanel } from './ChatPanel';
import { polls } from './cores';
import { PollCard, PollComposer } from './Polls';
import { QuestionsPanel } from './Questions';
import { ReactionBursts, ReactionButton } from './Reactions';
import './engagement.css';

export function ViewerEngagement({ showId, canModerate = false }: { showId: string; canModerate?: boolean }) {
  const { t } = useI18n();
  const core = polls.useConnected(showId);
  const pollOpen = useStore(core.store, (s) => s.poll?.state === 'open');
  const [open, setOpen] = useState(false);
  return (
    <div className="live-engagement">
      <ReactionBursts showId={showId} />
      {open && (
        <div className="engagement-popover" id={`engagement-${showId}`}>
          <PollCard showId={showId} />
          <QuestionsPanel showId={showId} canModerate={canModerate} />
        </div>
      )}
      <button
        type="button"
        className="engagement-toggle"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-controls={`engagement-${showId}`}
        aria-label={t('engagement.title')}
        title={t('engagement.title')}
        data-testid="engagement-toggle"
      >
        <MessageCircleQuestion size={22} aria-hidden="true" />
        {/* A poll waiting for votes is worth a dot: the viewer may not think to look. */}
        {pollOpen && !open && <span className="engagement-toggle__dot" aria-hidden="true" />}
      </button>
      <ReactionButton showId={showId} />
    </div>
  );
}

export function StudioEngagement({ showId }: { showId: string }) {
  return (
    <div className="studio-engagement">
      <ChatPanel showId={showId} canModerate variant="panel" />
      <ReactionBursts showId={showId} />
      <PollCard showId={showId} isHost />
      <PollComposer showId={showId} />
      <QuestionsPanel showId={showId} canModerate />
    </div>
  );
}

/**
 * The viewer page's chat: floating over the video on a phone, a panel beside it on a laptop.
 * Admins moderate every show (the server counts them as moderators); the show's own moderators
 * are not known to the client, so they moderate from the studio.
 */
export function ViewerChat({ showId, layout }: { showId: string; layout: 'phone' | 'laptop' }) {
  const isAdmin = useAppStore((s) => s.me?.user?.role === 'admin');
  return <ChatPanel showId={showId} canModerate={isAdmin} variant={layout === 'phone' ? 'overlay' : 'panel'} />;
}
