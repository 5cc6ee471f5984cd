// A trivial loopback endpoint for the throughput benchmark (its own process, so it does not share
// the event loop with the client being measured). Prints its port on stdout.
import { createServer } from 'node:http';

const body = JSON.stringify({ ok: true, id: 1 });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff' });
    res.end(body);
  });
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
