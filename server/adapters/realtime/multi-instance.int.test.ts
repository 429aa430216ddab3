// Two server processes on one PostgreSQL database: events fan out between them through
// LISTEN/NOTIFY, with one sequence per channel, and a client can catch up on either instance.
// PostgreSQL only (TEST_DATABASE_URL): PGlite is one process by nature, so there are no cases without it.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../common/realtime';
import { listenerApplicationName } from './listener';
import { createTestDatabase, testBackends } from '../../test/harness';
import type { InstanceReply, InstanceRequest } from '../../test/instance';
import { WsTestClient } from '../../test/ws-client';

const instanceScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/instance.ts');

type Request = InstanceRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

class Instance {
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (reply: InstanceReply) => {
      if (!('id' in reply)) return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.result);
      else waiter?.reject(new Error(reply.error));
    });
  }

  static start(databaseUrl: string): Promise<Instance> {
    const child = fork(instanceScript, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, INSTANCE_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`instance exited with ${code} before it was ready`)));
      child.on('message', (reply: InstanceReply) => {
        if ('op' in reply && reply.op === 'ready') resolve(new Instance(child, reply.url));
      });
    });
  }

  request<T = unknown>(request: Request): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...request, id } as InstanceRequest);
    });
  }

  publish(channel: Channel, type: string, data: unknown) {
    return this.request<{ seq: number; serverTime: number }>({ op: 'publish', channel, type, data });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.request({ op: 'close' });
    await exited;
  }
}

describe.each(testBackends.filter((b) => b === 'postgres'))('realtime across two server instances on %s', () => {
  let database: { url: string; drop(): Promise<void> };
  let a: Instance;
  let b: Instance;
  const sockets: WsTestClient[] = [];
  const open = async (instance: Instance) => {
    const socket = await WsTestClient.open(instance.url);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    database = await createTestDatabase(process.env.TEST_DATABASE_URL!);
    // One after the other: the first runs the migrations.
    a = await Instance.start(database.url);
    b = await Instance.start(database.url);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('are two processes that both fan out through PostgreSQL', async () => {
    expect(a.url).not.toBe(b.url);
    for (const instance of [a, b]) {
      const health = await (await fetch(`${instance.url}/api/health`)).json();
      expect(health).toMatchObject({ database: 'postgres', realtime: 'hub+pg-notify' });
    }
  });

  it('delivers an event published on A to a client of B, with the sequence number a client of A sees', async () => {
    const show: Channel = 'show:multi-1';
    const onA = await open(a);
    const onB = await open(b);
    expect(await onA.subscribe(show)).toMatchObject({ op: 'snapshot', seq: 0 });
    expect(await onB.subscribe(show)).toMatchObject({ op: 'snapshot', seq: 0 });

    const first = await a.publish(show, 'pin.added', { productId: 'p1' });
    const second = await b.publish(show, 'pin.added', { productId: 'p2' });
    const third = await a.publish(show, 'pin.added', { productId: 'p3' });
    expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);

    for (const socket of [onA, onB]) await socket.waitFor((r) => r.filter((m) => m.op === 'event').length === 3, 'three events');
    expect(onB.of('event')).toEqual(onA.of('event'));
    expect(onB.of('event')).toMatchObject([
      { channel: show, seq: 1, serverTime: first.serverTime, type: 'pin.added', data: { productId: 'p1' } },
      { seq: 2, serverTime: second.serverTime, data: { productId: 'p2' } },
      { seq: 3, serverTime: third.serverTime, data: { productId: 'p3' } },
    ]);
  });

  it('keeps one order per channel when both instances publish at once', async () => {
    const show: Channel = 'show:multi-2';
    const onA = await open(a);
    const onB = await open(b);
    await onA.subscribe(show);
    await onB.subscribe(show);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).publish(show, 'tick', { i })));
    expect(results.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const socket of [onA, onB]) {
      await socket.waitFor((r) => r.filter((m) => m.op === 'event').length === 40, 'forty events');
      expect(socket.seqs(show)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    }
    expect(onB.of('event')).toEqual(onA.of('event'));
  });

  it('carries an event too big for NOTIFY by reference', async () => {
    const show: Channel = 'show:multi-3';
    const onB = await open(b);
    await onB.subscribe(show);
    const big = { text: 'あ'.repeat(5000) };
    const published = await a.publish(show, 'run-sheet.updated', big);
    const [event] = await onB.waitFor((r) => r.filter((m) => m.op === 'event').length === 1 && r.filter((m) => m.op === 'event'), 'the big event');
    expect(event).toMatchObject({ seq: published.seq, serverTime: published.serverTime, type: 'run-sheet.updated', data: big });
  });

  it('lets a client that reconnects to B with the last sequence it got from A catch up on what it missed', async () => {
    const show: Channel = 'show:multi-4';
    const onA = await open(a);
    await onA.subscribe(show);
    await a.publish(show, 'tick', { n: 1 });
    await a.publish(show, 'tick', { n: 2 });
    await onA.waitFor((r) => r.filter((m) => m.op === 'event').length === 2, 'two events on A');
    const lastSeq = onA.seqs(show).at(-1)!;
    await onA.close();

    await a.publish(show, 'tick', { n: 3 });
    await a.publish(show, 'tick', { n: 4 });
    const onB = await open(b);
    await onB.subscribe(show, lastSeq);
    await onB.waitFor((r) => r.filter((m) => m.op === 'event').length === 2, 'the missed events on B');
    await onB.roundTrip();
    expect(onB.received.filter((m) => m.op !== 'pong')).toMatchObject([
      { op: 'event', seq: 3, data: { n: 3 } },
      { op: 'event', seq: 4, data: { n: 4 } },
    ]);
    // And stays live on B for what A publishes next.
    await a.publish(show, 'tick', { n: 5 });
    await onB.waitFor((r) => r.filter((m) => m.op === 'event').length === 3, 'the live event');
    expect(onB.seqs(show)).toEqual([3, 4, 5]);
  });

  it('loses nothing when the LISTEN connections drop: they reconnect and read what they missed', async () => {
    const show: Channel = 'show:multi-6';
    const onB = await open(b);
    await onB.subscribe(show);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [listenerApplicationName],
      );
      expect(rows).toHaveLength(2);
    } finally {
      await admin.end();
    }
    // Published right after the drop: whether their NOTIFYs were lost or reached the new connections, none may be missing.
    for (let n = 1; n <= 3; n++) await a.publish(show, 'tick', { n });
    await onB.waitFor((r) => r.filter((m) => m.op === 'event').length === 3, 'the events after the reconnect', 15_000);
    expect(onB.seqs(show)).toEqual([1, 2, 3]);
    // And live again afterwards.
    await a.publish(show, 'tick', { n: 4 });
    await onB.waitFor((r) => r.filter((m) => m.op === 'event').length === 4, 'the next live event', 15_000);
    expect(onB.seqs(show)).toEqual([1, 2, 3, 4]);
  });

  it('passes latest-wins values from A to clients of B without storing them', async () => {
    const show: Channel = 'show:multi-5';
    const onB = await open(b);
    await onB.subscribe(show);
    for (let yaw = 0; yaw < 5; yaw++) await a.request({ op: 'ephemeral', channel: show, key: 'camera', data: { yaw } });
    const value = await onB.waitFor((r) => r.find((m) => m.op === 'ephemeral' && (m.data as { yaw: number }).yaw === 4), 'the latest camera');
    expect(value).toMatchObject({ op: 'ephemeral', channel: show, key: 'camera' });
    // Never stored: a new subscriber's snapshot is at sequence 0.
    const later = await open(a);
    expect(await later.subscribe(show)).toMatchObject({ op: 'snapshot', seq: 0 });
  });
});
