// Periodic work: expired holds go back to stock, waiting payment events are retried, old
// sessions, applied inbox events and old realtime events are removed.
import type { Services } from './services';

/** Stripe retries a webhook for three days; applied events are kept longer than that. */
export const inboxRetentionDays = 7;

export function startJobs(s: Services, log: (msg: string) => void) {
  const guard = (name: string, job: () => Promise<unknown>) => () => {
    job().catch((error: unknown) => log(`${name} failed: ${String(error)}`));
  };
  const timers = [
    setInterval(guard('reservation sweeper', () => s.checkout.expireReservations()), 10_000),
    setInterval(guard('payment inbox', () => s.payments.sweepInbox(inboxRetentionDays)), 15_000),
    setInterval(guard('session purge', () => s.accounts.purgeExpiredSessions()), 3_600_000),
    // Realtime events are replayed for two minutes; older ones only take space.
    setInterval(guard('realtime log prune', () => s.realtime.pruneLog()), 60_000),
    // Room lines follow their orders (a cancelled or expired order opens them again); idle rooms go.
    setInterval(guard('room lines', () => s.rooms.reconcile()), 10_000),
    setInterval(guard('idle rooms', () => s.rooms.expireIdle()), 600_000),
  ];
  for (const t of timers) t.unref();
  return { stop: () => timers.forEach(clearInterval) };
}
