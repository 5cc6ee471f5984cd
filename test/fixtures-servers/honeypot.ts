/**
 * A honeypot: answers every request, whatever the method, path or body, with the same plausible
 * 200 JSON and a sound set of headers. No scan check may report anything against it.
 */
import { startServer } from '../harness/scan.js';
import type { TestServer } from '../harness/scan.js';

export const HONEYPOT_BODY = JSON.stringify({ status: 'ok', message: 'Request processed', data: { items: [], page: 1, total: 0 } });

export function startHoneypot(host = '127.0.0.1'): Promise<TestServer> {
  return startServer((req, res) => {
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('x-frame-options', 'DENY');
    res.end(req.method === 'HEAD' ? undefined : HONEYPOT_BODY);
  }, host);
}
