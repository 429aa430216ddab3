// The local stage (DESIGN.md §1, the embedded media default): who is on each show's stage and who
// may signal whom. Media never passes through the server; it only admits viewers up to a cap,
// tells the host whom to connect to, and relays offers, answers and ICE candidates to the one
// connection they are addressed to.
//
// Kept in memory on one instance: the local stage is for one machine and a small audience; a show
// that needs more instances needs LiveKit anyway.
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { channelIdOf, type Channel, type ClientEventSpec } from '../../common/realtime';
import { stageHostReady, stageJoin, stageLeave, stageSignal, type StageDirectMessages, type StageDirectType } from '../../common/stage';
import type { Db } from '../adapters/db';
import { shows } from '../adapters/db/schema';
import type { SessionInfo } from './accounts';
import { DomainError, notFound } from './errors';
import type { ClientEventContext, ClientEventHandler, DirectMessenger } from './realtime';

export interface LocalStageDeps {
  messenger: DirectMessenger;
  /** The show's host (a user id); throws NOT_FOUND for a show that does not exist and INVALID_TRANSITION for one that has ended. */
  hostOf(showId: string): Promise<string>;
  maxViewers: number;
  /** Told whenever a show's number of admitted viewers changes (the viewer count everyone sees). */
  onViewerCount?: (showId: string, count: number) => void;
}

interface Stage {
  host: string | null;
  /** Admitted viewers, in order of arrival. */
  viewers: Set<string>;
}

export type LocalStage = ReturnType<typeof createLocalStage>;

export function createLocalStage(deps: LocalStageDeps) {
  const stages = new Map<Channel, Stage>();
  const { messenger, maxViewers } = deps;

  const send = <T extends StageDirectType>(to: string, channel: Channel, type: T, data: StageDirectMessages[T]) => messenger.sendDirect(to, channel, type, data);

  function stageOf(channel: Channel): Stage {
    let stage = stages.get(channel);
    if (!stage) stages.set(channel, (stage = { host: null, viewers: new Set() }));
    return stage;
  }

  function forgetIfEmpty(channel: Channel, stage: Stage) {
    if (!stage.host && stage.viewers.size === 0) stages.delete(channel);
  }

  function connectionOf(context: ClientEventContext): string {
    if (!context.connectionId) throw new DomainError('BAD_REQUEST', 'The local stage needs a realtime connection');
    return context.connectionId;
  }

  const countChanged = (channel: Channel, stage: Stage) => deps.onViewerCount?.(channelIdOf(channel), stage.viewers.size);

  function removeViewer(channel: Channel, stage: Stage, viewerId: string) {
    if (!stage.viewers.delete(viewerId)) return;
    if (stage.host) send(stage.host, channel, 'stage.viewer-left', { viewerId });
    countChanged(channel, stage);
  }

  function removeHost(channel: Channel, stage: Stage, hostId: string, ended: boolean) {
    if (stage.host !== hostId) return;
    stage.host = null;
    for (const viewer of stage.viewers) send(viewer, channel, 'stage.host-left', { ended });
  }

  return {
    maxViewers,

    async hostReady(context: ClientEventContext): Promise<void> {
      const id = connectionOf(context);
      await assertHost(context.session, context.channel);
      const stage = stageOf(context.channel);
      if (stage.viewers.has(id)) removeViewer(context.channel, stage, id);
      // A second tab (or a reload that beat the old socket's close) takes over: the viewers are told
      // to expect new offers, and the old tab no longer receives their answers.
      stage.host = id;
      send(id, context.channel, 'stage.hosting', { connectionId: id, viewers: stage.viewers.size, maxViewers });
      for (const viewer of stage.viewers) {
        send(viewer, context.channel, 'stage.host-ready', { hostId: id });
        send(id, context.channel, 'stage.viewer-joined', { viewerId: viewer });
      }
    },

    async join(context: ClientEventContext): Promise<void> {
      const id = connectionOf(context);
      // Only real, running shows get a stage, so made-up channel names cannot pile up state here.
      await deps.hostOf(channelIdOf(context.channel));
      const stage = stageOf(context.channel);
      if (stage.host === id) throw new DomainError('BAD_REQUEST', 'The host does not watch its own stage');
      if (stage.viewers.has(id)) {
        // A viewer whose connection failed starts over: the host drops the old one and offers anew.
        removeViewer(context.channel, stage, id);
      } else if (stage.viewers.size >= maxViewers) {
        send(id, context.channel, 'stage.full', { maxViewers });
        forgetIfEmpty(context.channel, stage);
        return;
      }
      stage.viewers.add(id);
      countChanged(context.channel, stage);
      send(id, context.channel, 'stage.admitted', { connectionId: id, hostId: stage.host, maxViewers });
      if (stage.host) send(stage.host, context.channel, 'stage.viewer-joined', { viewerId: id });
    },

    leave(context: ClientEventContext, data: { ended?: boolean }): void {
      const id = connectionOf(context);
      const stage = stages.get(context.channel);
      if (!stage) return;
      removeHost(context.channel, stage, id, data.ended ?? false);
      removeViewer(context.channel, stage, id);
      forgetIfEmpty(context.channel, stage);
    },

    signal(context: ClientEventContext, data: Omit<StageDirectMessages['stage.signal'], 'from'> & { to: string }): void {
      const from = connectionOf(context);
      const stage = stages.get(context.channel);
      const { to, ...payload } = data;
      // Only the two ends of one host–viewer pair talk; nobody can probe or disturb other viewers.
      const allowed = !!stage && ((stage.host === from && stage.viewers.has(to)) || (stage.host === to && stage.viewers.has(from)));
      if (!allowed) throw new DomainError('FORBIDDEN', 'That connection is not your peer on this stage');
      send(to, context.channel, 'stage.signal', { ...payload, from });
    },

    /** A socket closed: it leaves every stage it was on, without ending any show. */
    disconnected(connectionId: string): void {
      for (const [channel, stage] of stages) {
        removeHost(channel, stage, connectionId, false);
        removeViewer(channel, stage, connectionId);
        forgetIfEmpty(channel, stage);
      }
    },

    /** For tests and the health page: who is on a show's stage. */
    /** Viewers admitted to a show's local stage right now. */
    viewerCount(showId: string): number {
      return stages.get(`show:${showId}`)?.viewers.size ?? 0;
    },

    snapshot(channel: Channel): { host: string | null; viewers: string[] } {
      const stage = stages.get(channel);
      return { host: stage?.host ?? null, viewers: [...(stage?.viewers ?? [])] };
    },
  };

  async function assertHost(session: SessionInfo | null, channel: Channel): Promise<void> {
    const userId = session?.user?.id;
    if (!userId) throw new DomainError('UNAUTHENTICATED', 'Sign in as the show’s host to go live');
    if ((await deps.hostOf(channelIdOf(channel))) !== userId) throw new DomainError('FORBIDDEN', 'Only the show’s host can go live on it');
  }
}

/** The host, read straight from the show's row: an ended show has no stage. */
export function showHostLookup(db: Db): LocalStageDeps['hostOf'] {
  return async (showId) => {
    const [row] = await db.select({ hostId: shows.hostId, state: shows.state }).from(shows).where(eq(shows.id, showId));
    if (!row) throw notFound('Show');
    if (row.state === 'ended') throw new DomainError('INVALID_TRANSITION', 'This show has ended');
    return row.hostId;
  };
}

/** The part of the realtime hub that accepts client events. */
export interface ClientEventRegistry {
  handleClientEvent<T extends string, S extends z.ZodType>(
    spec: ClientEventSpec<T, S>,
    handle: ClientEventHandler<z.output<S>>,
    options?: { requires?: 'subscribe' | 'publish' },
  ): void;
}

/**
 * Connects the stage to the hub. Everyone who may watch a show may join its stage (and guests may
 * watch), so the events need only the right to subscribe; the stage itself checks the host.
 */
export function registerLocalStage(hub: ClientEventRegistry & Pick<DirectMessenger, 'onDisconnect'>, stage: LocalStage): () => void {
  const watching = { requires: 'subscribe' } as const;
  hub.handleClientEvent(stageHostReady, (context) => stage.hostReady(context), watching);
  hub.handleClientEvent(stageJoin, (context) => stage.join(context), watching);
  hub.handleClientEvent(stageLeave, (context, data) => stage.leave(context, data), watching);
  hub.handleClientEvent(stageSignal, (context, data) => stage.signal(context, data), watching);
  return hub.onDisconnect((id) => stage.disconnected(id));
}
