// Fakes for the React-free cores' tests: a realtime channel the test drives by hand and a fetch
// that answers from a script, behind the app's real API client (so errors take the real path).
import type { Channel, ServerEvent } from '../../../common/realtime';
import { createApiClient } from '../../lib/api';
import type { ChannelHandlers } from '../../lib/realtime';
import type { ChannelSource } from './shared';

export class FakeRealtime implements ChannelSource {
  readonly handlers = new Map<Channel, Set<ChannelHandlers>>();
  private seq = 0;

  subscribe(channel: Channel, handlers: ChannelHandlers): () => void {
    const set = this.handlers.get(channel) ?? new Set();
    set.add(handlers);
    this.handlers.set(channel, set);
    return () => set.delete(handlers);
  }

  private each(channel: Channel) {
    return [...(this.handlers.get(channel) ?? [])];
  }

  snapshot(channel: Channel, state: unknown) {
    for (const h of this.each(channel)) h.snapshot?.(state, { op: 'snapshot', channel, seq: this.seq, serverTime: 0, state });
  }

  event(channel: Channel, type: string, data: unknown) {
    this.seq += 1;
    const event: ServerEvent = { op: 'event', channel, seq: this.seq, serverTime: 0, type, data };
    for (const h of this.each(channel)) h.event?.(event);
  }

  ephemeral(channel: Channel, key: string, data: unknown) {
    for (const h of this.each(channel)) h.ephemeral?.({ op: 'ephemeral', channel, key, data, serverTime: 0 });
  }
}

export interface Answer {
  status: number;
  body?: unknown;
}

/** A fetch that answers each call with the next scripted answer and records what it was asked. */
export function scriptedFetch(...answers: Answer[]) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', path: String(input), body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const answer = answers.shift();
    if (!answer) throw new TypeError('Failed to fetch');
    return new Response(answer.status === 204 ? null : JSON.stringify(answer.body ?? {}), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  return { request: createApiClient(fetch as typeof globalThis.fetch), calls };
}

export const errorAnswer = (status: number, code: string, message: string, details?: unknown): Answer => ({ status, body: { error: { code, message, details } } });

export function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}
