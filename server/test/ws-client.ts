// A WebSocket client for integration tests: a real `ws` socket to /ws that records what the server
// sends and waits for what a test expects.
import WebSocket from 'ws';
import { serverMessageSchema, type Channel, type ClientMessage, type ServerMessage } from '../../common/realtime';

export class WsTestClient {
  readonly received: ServerMessage[] = [];
  private waiters: (() => void)[] = [];
  closeCode: number | null = null;
  /** From the server's `hello`, kept apart from `received` so tests can compare what a channel sent exactly. */
  connectionId: string | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = serverMessageSchema.parse(JSON.parse(data.toString()));
      if (message.op === 'hello') this.connectionId = message.connectionId;
      else this.received.push(message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Opens /ws on a server (http://…); rejects with the HTTP status when the upgrade is refused. */
  static open(baseUrl: string, headers: Record<string, string> = {}, path = '/ws'): Promise<WsTestClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new WsTestClient(socket)));
      socket.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused with ${res.statusCode}`), { status: res.statusCode }));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Waits until `pick` finds something in what was received (or the socket closes). */
  async waitFor<T>(pick: (received: ServerMessage[]) => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = pick(this.received);
      if (found) return found;
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  of<Op extends ServerMessage['op']>(op: Op, channel?: Channel): Extract<ServerMessage, { op: Op }>[] {
    return this.received.filter((m): m is Extract<ServerMessage, { op: Op }> => m.op === op && (!channel || !('channel' in m) || m.channel === channel));
  }

  seqs(channel: Channel): number[] {
    return this.of('event', channel).map((e) => e.seq);
  }

  /** Subscribes and waits for the answer: the snapshot, the first missed event, or an error. */
  async subscribe(channel: Channel, lastSeq?: number): Promise<ServerMessage> {
    const before = this.received.length;
    this.send({ op: 'subscribe', channel, ...(lastSeq === undefined ? {} : { lastSeq }) });
    return this.waitFor((r) => r.slice(before).find((m) => 'channel' in m && m.channel === channel), `an answer on ${channel}`);
  }

  /**
   * A round trip through the server: once the pong is back, everything the server sent before it
   * has arrived, so a test can assert that nothing else came.
   */
  async roundTrip(): Promise<void> {
    const clientTime = Math.random();
    this.send({ op: 'ping', clientTime });
    await this.waitFor((r) => r.some((m) => m.op === 'pong' && m.clientTime === clientTime), 'the pong');
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
