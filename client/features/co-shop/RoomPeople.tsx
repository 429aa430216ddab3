// The friends: who is in the room (present, speaking, trying something on), their video tiles
// over or beside the show, our own mute and camera switches, and reactions.
import { Flame, Heart, Laugh, Mic, MicOff, PartyPopper, Shirt, Sparkles, UserMinus, Video, VideoOff, type LucideIcon } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { roomReactionKinds, type RoomReactionKind } from '../../../common/rooms';
import { getRealtime } from '../../lib/realtime';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';
import type { MessageKey } from '../../lib/i18n';
import { useRoom, useRoomMediaStatus } from './hooks';
import { isSpeaking, type RemotePeer, type RoomMediaSession } from './media/session';
import { presenceOf, type RoomCore } from './room';

/** Presence goes stale without a word: re-read it every few seconds, not per frame. */
function useClock(everyMs = 5000): number {
  const [now, setNow] = useState(() => getRealtime().serverNow());
  useEffect(() => {
    const timer = setInterval(() => setNow(getRealtime().serverNow()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function initials(name: string): string {
  return [...name.trim()].slice(0, 1).join('').toUpperCase() || '?';
}

/** The member list: present or away, speaking, trying something on; the owner can remove a member. */
export function MemberList({ core, media }: { core: RoomCore; media: RoomMediaSession | null }) {
  const { locale, t } = useI18n();
  const members = useRoom(core, (s) => s.members);
  const me = useRoom(core, (s) => s.me);
  const state = useRoom(core, (s) => s);
  const status = useRoomMediaStatus(media);
  const now = useClock();
  const [removing, setRemoving] = useState<string | null>(null);
  const levels = useMemo(() => {
    const byMember = new Map<string, number>();
    for (const peer of Object.values(status.peers)) if (peer.memberId) byMember.set(peer.memberId, Math.max(peer.level, byMember.get(peer.memberId) ?? 0));
    return byMember;
  }, [status.peers]);
  const isOwner = me?.role === 'owner';
  return (
    <ul className="room-members" aria-label={t('coshop.members')}>
      {members.map((member) => {
        const self = member.id === me?.id;
        const presence = presenceOf(state, member.id, now);
        const online = self || (presence !== null && !presence.away);
        const speaking = self ? status.local.micOn && isSpeaking(status.local.level) : Boolean(presence?.speaking) || isSpeaking(levels.get(member.id) ?? 0);
        const tryingOn = presence?.tryingOn ? state.cart?.lines.find((l) => l.productId === presence.tryingOn?.productId)?.name : null;
        return (
          <li
            key={member.id}
            className={`room-member${speaking ? ' room-member--speaking' : ''}`}
            data-testid="room-member"
            data-member-id={member.id}
            data-online={online}
            data-speaking={speaking}
          >
            <span className={`room-avatar${online ? '' : ' room-avatar--away'}`} aria-hidden="true">
              {initials(member.displayName)}
            </span>
            <span className="room-member__text">
              <span className="room-member__name">
                {member.displayName}
                {self && <span className="room-member__tag">{t('coshop.you')}</span>}
                {member.role === 'owner' && <span className="room-member__tag">{t('coshop.owner')}</span>}
              </span>
              <span className="room-member__state">
                {!online ? t('coshop.away') : presence?.tryingOn ? (
                  <>
                    <Shirt size={14} aria-hidden="true" /> {tryingOn ? t('coshop.tryingOnNamed', { name: tryingOn[locale] }) : t('coshop.tryingOn')}
                  </>
                ) : speaking ? (
                  t('coshop.speaking')
                ) : (
                  t('coshop.here')
                )}
              </span>
            </span>
            {presence && !self && !presence.mic && <MicOff size={16} aria-label={t('coshop.micOff')} className="room-member__icon" />}
            {isOwner && !self && (
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label={t('coshop.remove', { name: member.displayName })}
                data-testid="remove-member"
                disabled={removing === member.id}
                onClick={() => {
                  if (!window.confirm(t('coshop.removeConfirm', { name: member.displayName }))) return;
                  setRemoving(member.id);
                  void core.removeMember(member.id).finally(() => setRemoving(null));
                }}
              >
                {removing === member.id ? <Spinner size={16} /> : <UserMinus size={16} aria-hidden="true" />}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Plays a stream in a video element, handing it over through a ref (no re-render per frame). */
function StreamVideo({ stream, muted, mirrored }: { stream: MediaStream | null; muted: boolean; mirrored?: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    if (stream) void video.play().catch(() => undefined);
    return () => {
      if (video.srcObject === stream) video.srcObject = null;
    };
  }, [stream]);
  return <video ref={ref} className={`room-tile__video${mirrored ? ' room-tile__video--mirrored' : ''}`} playsInline autoPlay muted={muted} />;
}

function hasLiveVideo(stream: MediaStream | null): boolean {
  return Boolean(stream?.getVideoTracks().some((t) => t.readyState === 'live'));
}

/** Friends' video tiles and our own, with the mute and camera switches. Friends' voices play from their tiles. */
export function FriendTiles({ core, media, layout }: { core: RoomCore; media: RoomMediaSession | null; layout: 'overlay' | 'strip' }) {
  const { t } = useI18n();
  const status = useRoomMediaStatus(media);
  const members = useRoom(core, (s) => s.members);
  const me = useRoom(core, (s) => s.me);
  const nameOf = (memberId: string | null) => members.find((m) => m.id === memberId)?.displayName ?? t('coshop.friend');
  const peers = Object.values(status.peers);
  const local = status.local;
  return (
    <div className={`room-tiles room-tiles--${layout}`} data-testid="friend-tiles" data-media-state={status.state}>
      <figure className={`room-tile room-tile--self${local.micOn && isSpeaking(local.level) ? ' room-tile--speaking' : ''}`} data-testid="self-tile">
        {local.cameraOn && local.stream ? <StreamVideo stream={local.stream} muted mirrored /> : <span className="room-avatar room-avatar--large">{initials(me?.displayName ?? '')}</span>}
        <figcaption className="room-tile__name">{t('coshop.you')}</figcaption>
        <div className="room-tile__controls">
          <button
            type="button"
            className={`room-toggle${local.micOn ? '' : ' room-toggle--off'}`}
            aria-pressed={!local.micOn}
            aria-label={local.micOn ? t('coshop.mute') : t('coshop.unmute')}
            disabled={!media || !local.stream?.getAudioTracks().length}
            onClick={() => media?.setMic(!local.micOn)}
            data-testid="toggle-mic"
          >
            {local.micOn ? <Mic size={16} aria-hidden="true" /> : <MicOff size={16} aria-hidden="true" />}
          </button>
          <button
            type="button"
            className={`room-toggle${local.cameraOn ? '' : ' room-toggle--off'}`}
            aria-pressed={!local.cameraOn}
            aria-label={local.cameraOn ? t('coshop.cameraOff') : t('coshop.cameraOn')}
            disabled={!media || status.state === 'idle'}
            onClick={() => void media?.setCamera(!local.cameraOn)}
            data-testid="toggle-camera"
          >
            {local.cameraOn ? <Video size={16} aria-hidden="true" /> : <VideoOff size={16} aria-hidden="true" />}
          </button>
        </div>
      </figure>
      {peers.map((peer) => (
        <PeerTile key={peer.id} peer={peer} name={nameOf(peer.memberId)} />
      ))}
      <MediaNotice media={media} />
    </div>
  );
}

function PeerTile({ peer, name }: { peer: RemotePeer; name: string }) {
  const { t } = useI18n();
  // Tracks end or go quiet when a friend switches the camera off: check a few times a second, not per frame.
  const [video, setVideo] = useState(() => hasLiveVideo(peer.stream));
  useEffect(() => {
    const check = () => setVideo(hasLiveVideo(peer.stream) && peer.stream.getVideoTracks().some((t) => !t.muted));
    check();
    const tracks = peer.stream.getVideoTracks();
    for (const track of tracks) {
      track.addEventListener('mute', check);
      track.addEventListener('unmute', check);
      track.addEventListener('ended', check);
    }
    return () => {
      for (const track of tracks) {
        track.removeEventListener('mute', check);
        track.removeEventListener('unmute', check);
        track.removeEventListener('ended', check);
      }
    };
  }, [peer.stream]);
  return (
    <figure className={`room-tile${isSpeaking(peer.level) ? ' room-tile--speaking' : ''}`} data-testid="friend-tile" data-member-id={peer.memberId ?? ''} data-connection={peer.connection}>
      {/* The voice plays from here; the show's sound plays from its own element underneath. */}
      <StreamVideo stream={peer.stream} muted={false} />
      {!video && <span className="room-avatar room-avatar--large room-tile__avatar">{initials(name)}</span>}
      <figcaption className="room-tile__name">{name}</figcaption>
      {peer.connection !== 'connected' && (
        <span className="room-tile__state">
          <Spinner size={14} /> {peer.connection === 'reconnecting' ? t('coshop.reconnecting') : t('coshop.connecting')}
        </span>
      )}
    </figure>
  );
}

const mediaStateText: Partial<Record<string, MessageKey>> = {
  connecting: 'coshop.mediaConnecting',
  reconnecting: 'coshop.mediaReconnecting',
  error: 'coshop.mediaError',
};

function MediaNotice({ media }: { media: RoomMediaSession | null }) {
  const { t } = useI18n();
  const status = useRoomMediaStatus(media);
  const key = mediaStateText[status.state];
  const problem = status.local.problem;
  if (!key && !problem) return null;
  return (
    <div className="room-media-notice" role="status">
      {key && (
        <p data-testid="media-state" data-state={status.state}>
          {status.state !== 'error' && <Spinner size={14} />} {t(key)}
          {status.state === 'error' && status.error ? ` (${status.error})` : ''}
        </p>
      )}
      {problem && (
        <p data-testid="camera-problem" data-problem={problem}>
          {problem === 'denied' ? t('coshop.cameraDenied') : t('coshop.cameraUnavailable')}
        </p>
      )}
    </div>
  );
}

// Icons, not emoji: the same look on every system, and no emoji font needed.
const reactionIcon: Record<RoomReactionKind, LucideIcon> = { heart: Heart, laugh: Laugh, wow: Sparkles, fire: Flame, clap: PartyPopper };
const reactionLabel: Record<RoomReactionKind, MessageKey> = {
  heart: 'coshop.reaction.heart',
  laugh: 'coshop.reaction.laugh',
  wow: 'coshop.reaction.wow',
  fire: 'coshop.reaction.fire',
  clap: 'coshop.reaction.clap',
};
const maxFloating = 24;

/** Reactions inside the room: a row of buttons, and the friends' reactions floating up (DOM nodes, no React state per reaction). */
export function RoomReactions({ core }: { core: RoomCore }) {
  const { t } = useI18n();
  const layer = useRef<HTMLDivElement>(null);
  const iconTemplates = useRef(new Map<RoomReactionKind, SVGElement>());
  useEffect(
    () =>
      core.onReaction((_memberId, kind, count) => {
        const root = layer.current;
        if (!root) return;
        for (let i = 0; i < Math.min(count, 4); i += 1) {
          while (root.childElementCount >= maxFloating) root.firstElementChild?.remove();
          const node = document.createElement('span');
          node.className = 'room-reaction-float';
          node.dataset.testid = 'room-reaction-float';
          node.dataset.kind = kind;
          // A copy of the button's icon: the same SVG the bar shows, made once per kind.
          const icon = iconTemplates.current.get(kind);
          if (icon) node.append(icon.cloneNode(true));
          node.style.setProperty('--drift', `${Math.round((Math.random() - 0.5) * 60)}px`);
          node.style.setProperty('--delay', `${i * 120}ms`);
          const remove = () => node.remove();
          node.addEventListener('animationend', remove, { once: true });
          setTimeout(remove, 3000 + i * 120);
          root.append(node);
        }
      }),
    [core],
  );
  return (
    <div className="room-reactions">
      <div ref={layer} className="room-reactions__layer" aria-hidden="true" />
      <div className="room-reactions__bar" role="group" aria-label={t('coshop.reactions')}>
        {roomReactionKinds.map((kind) => (
          <ReactionButton key={kind} kind={kind} label={t(reactionLabel[kind])} onReact={() => core.react(kind)} onIcon={(svg) => iconTemplates.current.set(kind, svg)} />
        ))}
      </div>
    </div>
  );
}

function ReactionButton({ kind, label, onReact, onIcon }: { kind: RoomReactionKind; label: string; onReact(): void; onIcon(svg: SVGElement): void }) {
  const Icon = reactionIcon[kind];
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const svg = ref.current?.querySelector('svg');
    if (svg) onIcon(svg);
  });
  return (
    <button ref={ref} type="button" className={`room-reaction room-reaction--${kind}`} onClick={onReact} aria-label={label} data-testid="room-reaction" data-kind={kind}>
      <Icon size={22} aria-hidden="true" />
    </button>
  );
}
