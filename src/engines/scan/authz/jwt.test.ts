import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, jwtVerify } from 'jose';
import { crackHmacSecret, decodeJwt, raisedClaims, signHmac, withAlgNone, withAlteredSignature, withoutSignature } from './jwt.js';
import { jwtSecretCandidates } from './jwt-secrets.js';

async function token(secret: string) {
  return new SignJWT({ role: 'user' }).setProtectedHeader({ alg: 'HS256' }).setSubject('7').sign(new TextEncoder().encode(secret));
}

test('the word list is large, unique and has the usual defaults', () => {
  const list = jwtSecretCandidates();
  assert.ok(list.length >= 10_000);
  assert.equal(new Set(list).size, list.length);
  for (const s of ['secret', 'your-256-bit-secret', 'changeme', 'keyboard cat'.replace(' ', '')]) assert.ok(list.includes(s), s);
});

test('a weak secret is cracked and a strong one is not', async () => {
  const weak = decodeJwt(await token('secret123'))!;
  assert.equal(crackHmacSecret(weak, jwtSecretCandidates()), 'secret123');
  const strong = decodeJwt(await token('k9$Vq2!rT7#pLm4@Zx8&Wn5^Hs1*Yd6%'))!;
  assert.equal(crackHmacSecret(strong, jwtSecretCandidates()), undefined);
});

test('forged tokens verify with the cracked secret; altered ones do not', async () => {
  const secret = 'secret';
  const jwt = decodeJwt(await token(secret))!;
  const forged = signHmac(jwt.header, raisedClaims(jwt.payload), secret);
  const { payload } = await jwtVerify(forged, new TextEncoder().encode(secret));
  assert.equal(payload.role, 'admin');
  await assert.rejects(jwtVerify(withAlteredSignature(jwt), new TextEncoder().encode(secret)));
  assert.match(withAlgNone(jwt, 'nOnE'), /\.$/);
  assert.equal(withoutSignature(jwt).split('.').length, 3);
  assert.equal(decodeJwt('not.a.jwt'), undefined);
});
