// The floor for the live fan-out figures: a bare `ws` server that broadcasts whatever text is POSTed
// to /broadcast (as {"text"}) to every socket on /ws, with no hub, channel, log or database. What the machine and
// the client process cost before the app does any work. Prints {"url"} when ready; exits on stdin.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/broadcast') {
      res.writeHead(404).end();
      return;
    }
    const { text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
    for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sent: wss.clients.size }));
  });
});
const wss = new WebSocketServer({ server, path: '/ws' });
server.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
process.stdin.on('data', () => process.exit(0));
