// scan/jwt-key-confusion against an RS256 API that publishes its JWKS: the vulnerable server lets the
// token header pick the algorithm (so HS256 keyed with the public key PEM verifies); the fixed one pins RS256.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createPublicKey, generateKeyPairSync, createSign, createVerify } from 'node:crypto';
import { runCheckAgainst, startServer, op, surfaceOf } from '../harness/scan.js';
import check from '../../src/engines/scan/checks/jwt-key-confusion.js';
import { decodeJwt } from '../../src/engines/scan/authz/jwt.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const jwk = { ...createPublicKey(pem).export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function issue(sub: string): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64({ sub, role: 'user' })}`;
  const sig = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${sig}`;
}

function verify(token: string, pinned: boolean): boolean {
  const d = decodeJwt(token);
  if (!d) return false;
  const alg = String(d.header.alg);
  if (!pinned && alg === 'HS256') return createHmac('sha256', pem).update(d.signingInput).digest('base64url') === d.signature;
  if (alg !== 'RS256') return false;
  return createVerify('RSA-SHA256').update(d.signingInput).verify(publicKey, Buffer.from(d.signature, 'base64url'));
}

function server(pinned: boolean) {
  return startServer((req, res, body) => {
    const send = (s: number, v: unknown) => res.writeHead(s, { 'content-type': 'application/json' }).end(JSON.stringify(v));
    if (req.url === '/.well-known/jwks.json') return send(200, { keys: [jwk] });
    if (req.url === '/login' && req.method === 'POST') return send(200, { token: issue((JSON.parse(body || '{}') as { u?: string }).u ?? 'x') });
    if (req.url === '/me') {
      const t = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!verify(t, pinned)) return send(401, { error: 'unauthorized' });
      return send(200, { id: 1, sub: decodeJwt(t)!.payload.sub, name: 'Alice' });
    }
    send(404, { error: 'not found' });
  });
}

test('scan/jwt-key-confusion: HS256 signed with the published RSA key is accepted only where the algorithm is not pinned', async (t) => {
  const bad = await server(false);
  const good = await server(true);
  t.after(() => Promise.all([bad.close(), good.close()]));
  const surface = surfaceOf([op('GET', '/me', { security: [{ bearer: [] }] })]);
  const identities = { alice: { type: 'login' as const, request: { method: 'POST', url: '/login', body: { u: 'alice' } }, token: { pointer: '/token' } } };
  const v = await runCheckAgainst(check, bad.url, surface, { identities });
  assert.equal(v.findings.length, 1, JSON.stringify(v.notifications));
  assert.match(v.findings[0]!.message, /jwks\.json/);
  const s = await runCheckAgainst(check, good.url, surface, { identities });
  assert.deepEqual(s.findings, []);
});
