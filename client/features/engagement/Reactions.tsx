// The heart button and the hearts that float up when anyone taps. Hearts are DOM nodes made and
// removed here with a CSS animation: a busy show sends four bursts a second, and none of that goes
// through React state (DESIGN.md §5).
import { Heart } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { getRealtime } from '../../lib/realtime';
import { useI18n } from '../../lib/useI18n';
import { useChannel, useRealtimeState } from '../../lib/useRealtime';
import { showChannel } from './shared';
import { burstTracker, reactionTap, TapBatcher } from './reactions';
import './engagement.css';

/** Hearts spawned per burst, however many taps it sums: the size of the crowd shows in the rhythm, not a flood. */
const heartsPerBurst = 6;
/** Hearts on screen at most; the oldest go first. */
const maxHearts = 30;
/** Removes a heart even if its animation never ends (reduced motion, a hidden tab). */
const heartLifetimeMs = 2600;

export function ReactionButton({ showId }: { showId: string }) {
  const { t } = useI18n();
  const connection = useRealtimeState();
  const channel = showChannel(showId);
  // Publishing needs a subscription to the channel; joining twice with ReactionBursts costs nothing.
  useChannel(channel, {});
  const batcher = useRef<TapBatcher | null>(null);
  useEffect(() => {
    const client = getRealtime();
    const b = new TapBatcher((count) => client.publish(channel, reactionTap, { count }));
    batcher.current = b;
    return () => {
      b.dispose();
      batcher.current = null;
    };
  }, [channel]);

  const offline = connection !== 'open';
  return (
    <button
      type="button"
      className={`reaction-button${offline ? ' reaction-button--offline' : ''}`}
      onClick={() => batcher.current?.tap()}
      aria-label={t('reaction.tap')}
      title={offline ? t('reaction.offline') : t('reaction.tap')}
      data-testid="reaction-button"
    >
      <Heart size={26} aria-hidden="true" fill="currentColor" />
    </button>
  );
}

export function ReactionBursts({ showId }: { showId: string }) {
  const layer = useRef<HTMLDivElement>(null);
  const track = useRef(burstTracker());

  const spawn = (count: number) => {
    const root = layer.current;
    if (!root) return;
    for (let i = 0; i < Math.min(heartsPerBurst, count); i += 1) {
      while (root.childElementCount >= maxHearts) root.firstElementChild?.remove();
      const heart = document.createElement('span');
      heart.className = 'reaction-heart';
      heart.dataset.testid = 'reaction-burst';
      heart.textContent = '♥';
      // Each heart drifts its own way and starts a little later, so a burst reads as a stream.
      heart.style.setProperty('--drift', `${Math.round((Math.random() - 0.5) * 80)}px`);
      heart.style.setProperty('--delay', `${i * 90}ms`);
      heart.style.setProperty('--scale', (0.8 + Math.random() * 0.6).toFixed(2));
      const remove = () => heart.remove();
      heart.addEventListener('animationend', remove, { once: true });
      setTimeout(remove, heartLifetimeMs + i * 90);
      root.append(heart);
    }
  };

  useChannel(showChannel(showId), {
    ephemeral: (value) => {
      const count = track.current(value);
      if (count > 0) spawn(count);
    },
  });

  return <div ref={layer} className="reaction-bursts" aria-hidden="true" />;
}
