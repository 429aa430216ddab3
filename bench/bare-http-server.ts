// The floor for the flash-sale figures: a bare node:http server that reads each request body and
// answers SOLD_OUT at once, with no framework, session or database. What the machine and the
// load generator cost before the app does any work.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({ error: { code: 'SOLD_OUT', message: 'Sold out' } });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(409, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
process.stdin.on('data', () => process.exit(0));
