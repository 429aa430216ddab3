import { useLayoutEffect, useRef } from 'react';
import { formatCountdown, msLeft } from './show';
import { serverNow } from './useShow';

/**
 * The time left on a deal, by the server's clock. The text is written to the DOM four times a
 * second from an interval: nothing re-renders per tick, and every screen reaches 0:00 together.
 */
export function DealCountdown({ endsAt, className }: { endsAt: string; className?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const tick = () => {
      const text = formatCountdown(msLeft(endsAt, serverNow()));
      if (el.textContent !== text) el.textContent = text;
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [endsAt]);
  // No children: React never touches the text the interval writes.
  return <span ref={ref} className={className} data-testid="deal-countdown" data-ends-at={endsAt} role="timer" />;
}
