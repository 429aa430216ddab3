// One server instance in a child process, for tests that run several instances on one PostgreSQL
// database (multi-instance.int.test.ts). Started with `node --import tsx`; talks to its parent over
// the IPC channel: it reports its URL, publishes on request, and closes when told.
import type { Channel } from '../../common/realtime';
import { startTestServer } from './harness';

export type InstanceRequest =
  | { id: number; op: 'publish'; channel: Channel; type: string; data: unknown }
  | { id: number; op: 'ephemeral'; channel: Channel; key: string; data: unknown }
  | { id: number; op: 'close' };
export type InstanceReply = { op: 'ready'; url: string } | { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };

const databaseUrl = process.env.INSTANCE_DATABASE_URL;
if (!databaseUrl || !process.send) throw new Error('run me as a child process with INSTANCE_DATABASE_URL set');
const send = (reply: InstanceReply) => process.send!(reply);

const server = await startTestServer({ databaseUrl, seed: false });

process.on('message', (request: InstanceRequest) => {
  const run = async () => {
    switch (request.op) {
      case 'publish':
        return server.services.realtime.publish(request.channel, request.type, request.data);
      case 'ephemeral':
        return server.services.realtime.publishEphemeral(request.channel, request.key, request.data);
      case 'close':
        await server.close();
        return undefined;
    }
  };
  run().then(
    (result) => {
      send({ id: request.id, ok: true, result });
      if (request.op === 'close') process.disconnect();
    },
    (error: unknown) => send({ id: request.id, ok: false, error: String(error) }),
  );
});

send({ op: 'ready', url: server.url });
