// Bad targets: a probe that times out, a dropped connection or a garbage answer is inconclusive (a
// notification), never a finding, and the check goes on to the next place.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import osCommandInjection from '../../src/engines/scan/checks/os-command-injection.js';
import sqlInjection from '../../src/engines/scan/checks/sql-injection.js';
import serverSideTemplateInjection from '../../src/engines/scan/checks/server-side-template-injection.js';
import type { ProbeRequest } from '../../src/engines/scan/injection/types.js';
import { runCheck } from './harness.js';

/** Answers a normal request normally; a request carrying any payload character gets the bad behaviour. */
function hostile(kind: 'hang' | 'reset' | 'garbage'): Server {
  return createServer((s) => {
    s.on('error', () => {});
    s.once('data', (d: Buffer) => {
      const line = d.toString('latin1').split('\r\n')[0] ?? '';
      const clean = /^GET \/items\?(q|host|name)=[a-z]+(&[a-z]+=[a-z]+)* HTTP/.test(line);
      if (clean) return s.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\nConnection: close\r\n\r\n{"items":[1]}');
      if (kind === 'reset') return s.resetAndDestroy();
      if (kind === 'garbage') return s.end('\x00\x13garbage \xff\xfe not http\r\n\r\n');
      // hang: never answer
    });
  });
}

/** Same answer for everything, but every 4th request stalls for 1.2 s: slow at times, not injectable. */
function stalling(): Server {
  let n = 0;
  return createServer((s) => {
    s.on('error', () => {});
    s.once('data', () => {
      const answer = () => s.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{"ok":true}');
      if (++n % 4 === 0) setTimeout(answer, 1200);
      else answer();
    });
  });
}

const base = (name: string): ProbeRequest => ({ method: 'GET', pathTemplate: '/items', pathParams: {}, query: [[name, 'books']], headers: {}, cookies: [] });

describe('hostile targets make probes inconclusive, never findings', { concurrency: 1 }, () => {
  const servers: Record<string, { server: Server; url: string }> = {};
  before(async () => {
    for (const k of ['hang', 'reset', 'garbage'] as const) {
      const server = hostile(k);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      servers[k] = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    }
  });
  after(async () => {
    for (const { server } of Object.values(servers)) await new Promise<void>((r) => server.close(() => r()));
  });

  test('scan/os-command-injection against a server that stalls for a fixed time now and then: no finding', async () => {
    const server = stalling();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const r = await runCheck(osCommandInjection, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, base('host'), { timeoutMs: 5000, delayS: 1 });
      assert.deepEqual(r.findings, []);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  for (const kind of ['hang', 'reset', 'garbage'] as const) {
    for (const [check, param] of [
      [sqlInjection, 'q'],
      [osCommandInjection, 'host'],
      [serverSideTemplateInjection, 'name'],
    ] as const) {
      test(`${check.meta.id} against a server that ${kind === 'hang' ? 'never answers' : kind === 'reset' ? 'resets the connection' : 'answers garbage'} on probes`, async () => {
        const r = await runCheck(check, servers[kind]!.url, base(param), { timeoutMs: 400, delayS: 1 });
        assert.deepEqual(r.findings, []);
        assert.ok(r.notifications.some((n) => n.code === 'probe-inconclusive' && n.checkId === check.meta.id), JSON.stringify(r.notifications));
      });
    }
  }
});
