// Heart taps without React. A viewer may tap ten times a second; the server wants a few messages a
// second at most (it rate-limits sockets), so taps are counted here and sent as one `reaction.tap`
// with the sum at most every interval. The first tap after a quiet spell goes out at once, so a
// single tap still feels instant.
import { reactionBurstKeyPrefix, reactionTap, type ReactionBurst } from '../../../common/realtime';
import type { ServerEphemeral } from '../../../common/realtime';

/** The server's limit for one `reaction.tap` (common/realtime.ts); more waits for the next send. */
export const maxTapCount = 50;
/** Taps held while disconnected are capped: a minute offline should not arrive as one giant burst. */
const maxPending = 200;

export class TapBatcher {
  private pending = 0;
  private lastSent = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `send` returns false when it could not send (not connected): the taps wait for the next try. */
  constructor(
    private readonly send: (count: number) => boolean,
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  tap(times = 1): void {
    this.pending = Math.min(maxPending, this.pending + times);
    if (this.timer) return;
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    if (this.pending === 0) return;
    const count = Math.min(maxTapCount, this.pending);
    this.lastSent = this.now();
    if (this.send(count)) this.pending -= count;
    // Whatever is left (over the per-message cap, or unsent) goes at the next slot.
    if (this.pending > 0) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = 0;
  }
}

/**
 * Picks new bursts out of the channel's latest-wins values: one key per server instance, and `n`
 * tells a burst from one already shown (a fresh subscription may repeat the latest value).
 * Returns the number of hearts a value asks for, or 0.
 */
export function burstTracker() {
  const seen = new Map<string, number>();
  return (value: Pick<ServerEphemeral, 'key' | 'data'>): number => {
    if (!value.key.startsWith(reactionBurstKeyPrefix)) return 0;
    const burst = value.data as Partial<ReactionBurst> | null;
    if (typeof burst?.count !== 'number' || typeof burst.n !== 'number' || burst.count <= 0) return 0;
    if (seen.get(value.key) === burst.n) return 0;
    seen.set(value.key, burst.n);
    return burst.count;
  };
}

export { reactionTap };
