/**
 * Hostile servers: each misbehaves in one way a scan must survive (loopback only).
 */
import { createServer as createNetServer } from 'node:net';
import type { Server as NetServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startServer } from '../harness/scan.js';
import type { TestServer } from '../harness/scan.js';

export interface RawServer {
  readonly url: string;
  close(): Promise<void>;
}

async function startRaw(onSocket: (s: Socket) => void): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Resets every connection as soon as a request arrives. */
export function startResetServer(): Promise<RawServer> {
  return startRaw((s) => s.once('data', () => s.resetAndDestroy()));
}

/** Accepts connections and reads requests but never answers. */
export function startSilentServer(): Promise<RawServer> {
  return startRaw((s) => s.on('data', () => {}));
}

/** Answers every request with a 1 GB body, streamed with backpressure (never held in memory). */
export function startHugeBodyServer(total = 1024 ** 3): Promise<TestServer> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(total) });
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = total));
    pump();
  });
}

/** Answers with a gzip bomb: 16 gzip members of 64 MB of zeros each (1 GB decompressed, about 1 MB on the wire). */
export function startGzipBombServer(): Promise<TestServer> {
  const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  return startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    let i = 0;
    const pump = () => {
      while (i < 16) {
        i++;
        if (!res.write(member)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (i = 16));
    pump();
  });
}

/** Redirects every request to another path of itself, forever. */
export function startRedirectLoopServer(): Promise<TestServer> {
  let n = 0;
  return startServer((_req, res) => {
    res.writeHead(302, { location: `/loop/${++n}` });
    res.end();
  });
}

/** Answers with invalid UTF-8 and garbage headers (raw bytes, no HTTP library to tidy them). */
export function startGarbageServer(): Promise<RawServer> {
  let k = 0;
  return startRaw((s) => {
    s.on('data', () => {
      k++;
      const body = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x7b, 0x22, 0xe2, 0x82, 0x22, 0x3a, 0xa0, 0xa1, 0x7d]);
      const head =
        k % 2 === 0
          ? Buffer.from(`HTTP/1.1 200 OK\r\nX-Bad\u0001Header: \u0000\u0007junk\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1')
          : Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nX-Weird: \u00ff\u00fe\r\nSet-Cookie: a=\u00e9\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1');
      s.write(Buffer.concat([head, body]));
    });
  });
}
