// Paces calls to a rate-limited API (Stripe): at most `ratePerSecond` calls are started in any
// one-second window. Calls beyond the rate wait in a first-in-first-out queue; none is ever
// rejected, so a flash sale turns into a short queue here instead of 429s from Stripe.
//
// Starts are spaced evenly, at least 1/rate seconds apart, measured from the moment the previous
// call actually started (not from when it was scheduled to). A timer that fires late therefore
// never lets the next call bunch up behind it: any `rate + 1` consecutive starts span at least a
// full second, so no one-second window ever holds more than `rate` of them.

export interface PacerClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Calls `fn` once, no earlier than `ms` milliseconds from now. */
  setTimer(fn: () => void, ms: number): void;
}

export const systemClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    // Not unref'd: queued calls are promises someone awaits, so they must keep the process alive.
    setTimeout(fn, ms);
  },
};

export interface Pacer {
  /** Runs `task` when its turn comes; resolves or rejects as the task does. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Calls waiting for their turn (for logs and health). */
  readonly waiting: number;
}

export function createPacer(options: { ratePerSecond: number; clock?: PacerClock }): Pacer {
  if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
  const clock = options.clock ?? systemClock;
  const spacingMs = 1000 / options.ratePerSecond;
  const queue: Array<() => void> = [];
  let lastStart = Number.NEGATIVE_INFINITY;
  let timerArmed = false;

  function drain(): void {
    timerArmed = false;
    while (queue.length > 0) {
      const now = clock.now();
      const wait = lastStart + spacingMs - now;
      if (wait > 0) {
        timerArmed = true;
        // Rounded up: a timer may fire a fraction early on a millisecond clock; drain re-checks anyway.
        clock.setTimer(drain, Math.ceil(wait));
        return;
      }
      lastStart = now;
      queue.shift()!();
    }
  }

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          // The task starts now, synchronously, so the start time the pacer recorded is the real one.
          let result: Promise<T>;
          try {
            result = task();
          } catch (error) {
            result = Promise.reject(error);
          }
          result.then(resolve, reject);
        });
        if (!timerArmed) drain();
      });
    },
    get waiting() {
      return queue.length;
    },
  };
}
