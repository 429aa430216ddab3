// The realtime port: what domain code may ask of the WebSocket hub, without knowing it exists.
// The hub (adapters/realtime) implements it; services.ts hands it to the domain services that publish.
import type { SQL } from 'drizzle-orm';
import type { Channel } from '../../common/realtime';
import type { Executor } from '../adapters/db';
import type { SessionInfo } from './accounts';

export interface Publisher {
  /** Appends an event to the channel's log and fans it out on every instance; resolves once it is stored. */
  publish(channel: Channel, type: string, data: unknown): Promise<{ seq: number }>;
  /**
   * Numbers and stores the event inside the caller's transaction: it commits or rolls back with the
   * change it announces, and the commit is the last database round trip before viewers hear of it.
   * Call `release()` once the transaction has committed; it fans the event out here (other
   * instances hear of it at the commit). A committed event never released still reaches this
   * instance's subscribers, late, through the log's gap filling. `alongside`: the change's own
   * data-modifying statements, run in the same statement as the append (one round trip for both).
   */
  publishInTransaction(tx: Executor, channel: Channel, type: string, data: unknown, alongside?: SQL[]): Promise<{ seq: number; release(): void }>;
  /** Latest-wins state (a host's 3D camera): coalesced, never stored, never queued behind a slow socket. */
  publishEphemeral(channel: Channel, key: string, data: unknown): void;
}

export type ChannelAction = 'subscribe' | 'publish' | 'ephemeral';

/** What a client asks to do in a channel: the event type it publishes or the ephemeral key it sets. */
export interface ChannelRequest {
  action: ChannelAction;
  type?: string;
  key?: string;
}

/** Says whether a visitor (session null: a first-time guest) may do something in a channel of one kind. */
export type ChannelAuthorizer = (session: SessionInfo | null, channel: Channel, request: ChannelRequest) => boolean | Promise<boolean>;

/**
 * The channel's current state, sent to a subscriber that has no usable last sequence. It is read
 * after the sequence number it is labelled with, so events after that number may already be part of
 * it: event handlers on the client set state rather than add to it, and applying one twice is harmless.
 */
export type SnapshotProvider = (channel: Channel) => unknown | Promise<unknown>;

export interface ClientEventContext {
  session: SessionInfo | null;
  channel: Channel;
  /** The sending socket, for answers addressed to it alone (always set by the hub). */
  connectionId?: string;
  /** The sender's long-lived browser id (the `bid` cookie sent with the upgrade), null when it has none yet. */
  browserId?: string | null;
}

/**
 * Messages to one socket of this instance (the local stage's WebRTC signalling): not stored, not
 * numbered, not sent to other instances.
 */
export interface DirectMessenger {
  /** False when that connection is not (or no longer) on this instance. */
  sendDirect(connectionId: string, channel: Channel, type: string, data: unknown): boolean;
  /** Calls back with the id of each socket that closes; returns the unsubscribe. */
  onDisconnect(listener: (connectionId: string) => void): () => void;
}

/** Handles one validated client-originated event; a thrown DomainError goes back to the client as an error. */
export type ClientEventHandler<T> = (context: ClientEventContext, data: T) => void | Promise<void>;
