// A direct transport for the injection tests (node:http, loopback only), so checks can be exercised
// with exact control of headers such as Host. The scan itself goes through src/http.
import { request } from 'node:http';
import type { Transport } from '../../src/engines/scan/injection/probe.js';
import type { ProbeOutcome } from '../../src/engines/scan/injection/types.js';

export function loopbackTransport(baseUrl: string, timeoutMs = 8000): Transport & { count: number } {
  const u = new URL(baseUrl);
  if (u.hostname !== '127.0.0.1') throw new Error('test transport is loopback-only');
  const t = (async (wire) => {
    t.count++;
    const started = performance.now();
    return new Promise<ProbeOutcome>((resolve) => {
      const headers: Record<string, string> = { ...wire.headers };
      if (wire.body !== undefined) headers['content-length'] = String(Buffer.byteLength(wire.body));
      const req = request(
        { host: u.hostname, port: u.port, method: wire.method, path: wire.target, headers, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ ok: true, status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8'), timeMs: performance.now() - started });
          });
          res.on('error', (e) => resolve({ ok: false, reason: 'connection', message: e.message, timeMs: performance.now() - started }));
        },
      );
      req.on('timeout', () => {
        req.destroy();
        resolve({ ok: false, reason: 'timeout', message: `no answer within ${timeoutMs} ms`, timeMs: performance.now() - started });
      });
      req.on('error', (e) => resolve({ ok: false, reason: /parse|invalid/i.test(e.message) ? 'garbage' : 'connection', message: e.message, timeMs: performance.now() - started }));
      if (wire.body !== undefined) req.write(wire.body);
      req.end();
    });
  }) as Transport & { count: number };
  t.count = 0;
  return t;
}
