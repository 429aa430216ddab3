// The pure rules of a live show: deal windows, the per-buyer limit, the pin cap, timeline offsets
// and the ticker's shortened names. No database, no clock of their own: callers pass `now`.

/** At most this many products are highlighted over the video at once. */
export const maxPins = 3;

export interface DealWindow {
  startsAt: Date;
  endsAt: Date;
  stoppedAt: Date | null;
}

/** When a deal stops taking buyers: its planned end, or earlier when the host stopped it. */
export function dealEnd(deal: DealWindow): Date {
  return deal.stoppedAt && deal.stoppedAt < deal.endsAt ? deal.stoppedAt : deal.endsAt;
}

/** The window is half-open, [startsAt, end): at the end instant the deal price is already gone. */
export function dealPhase(deal: DealWindow, now: Date): 'upcoming' | 'active' | 'ended' {
  if (now < deal.startsAt) return 'upcoming';
  return now < dealEnd(deal) ? 'active' : 'ended';
}

export interface ClaimRequest {
  ownerKey: string;
  quantity: number;
}

export type ClaimDecision = { granted: true } | { granted: false; reason: 'SOLD_OUT' | 'DEAL_LIMIT_REACHED'; allowed: number };

/**
 * Decides a batch of claims on one deal in arrival order: each needs `quantity` units within what is
 * left under the cap and within the buyer's own allowance (the limit minus what they already hold or
 * bought, including earlier grants of this batch). A request is granted whole or not at all, so a
 * buyer never silently gets fewer units than they asked for.
 */
export function decideClaims(
  deal: { cap: number; claimed: number; perBuyerLimit: number },
  alreadyTaken: ReadonlyMap<string, number>,
  requests: readonly ClaimRequest[],
): { decisions: ClaimDecision[]; granted: number } {
  let left = Math.max(0, deal.cap - deal.claimed);
  const taken = new Map(alreadyTaken);
  const decisions = requests.map((r): ClaimDecision => {
    const allowance = Math.max(0, deal.perBuyerLimit - (taken.get(r.ownerKey) ?? 0));
    if (r.quantity > allowance) return { granted: false, reason: 'DEAL_LIMIT_REACHED', allowed: allowance };
    if (r.quantity > left) return { granted: false, reason: 'SOLD_OUT', allowed: left };
    left -= r.quantity;
    taken.set(r.ownerKey, (taken.get(r.ownerKey) ?? 0) + r.quantity);
    return { granted: true };
  });
  return { decisions, granted: Math.max(0, deal.cap - deal.claimed) - left };
}

export interface Pin {
  productId: string;
  pinnedAt: Date;
}

/**
 * Pins a product: already pinned stays as it is (a double click is harmless); a new pin beyond the
 * cap pushes out the oldest ones, as a host expects the newest highlight to win.
 */
export function pinWithCap(pins: readonly Pin[], productId: string, now: Date, cap = maxPins): { pins: Pin[]; added: boolean; unpinned: string[] } {
  const ordered = [...pins].sort((a, b) => a.pinnedAt.getTime() - b.pinnedAt.getTime() || a.productId.localeCompare(b.productId));
  if (ordered.some((p) => p.productId === productId)) return { pins: ordered, added: false, unpinned: [] };
  ordered.push({ productId, pinnedAt: now });
  const excess = Math.max(0, ordered.length - cap);
  const unpinned = ordered.splice(0, excess).map((p) => p.productId);
  return { pins: ordered, added: true, unpinned };
}

/** Milliseconds since the show went live, for the replay timeline; null before it started. */
export function timelineOffsetMs(startedAt: Date | null, now: Date): number | null {
  if (!startedAt) return null;
  // A clock step back on this machine must not put an event before the start.
  return Math.max(0, Math.round(now.getTime() - startedAt.getTime()));
}

/**
 * How a buyer appears in the "just bought" ticker: the first name and the initial of the last one
 * ("Hanako Yamada" → "Hanako Y."), so nobody's full name is broadcast to every viewer.
 */
export function tickerName(displayName: string | null | undefined): string {
  const words = (displayName ?? '').normalize('NFKC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 'Guest';
  const first = [...words[0]!].slice(0, 20).join('');
  if (words.length === 1) return first;
  const initial = [...words[words.length - 1]!][0]!.toUpperCase();
  return `${first} ${initial}.`;
}
