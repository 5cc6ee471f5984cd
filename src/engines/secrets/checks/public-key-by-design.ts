import { defineSecretCheck } from '../define.js';

export default defineSecretCheck({
  meta: {
    id: 'secrets/public-key-by-design',
    title: 'Client-side key that is public by design',
    severity: 'low',
    confidence: 'high',
    domain: 'secrets',
    owasp: ['API8:2023'],
    cwe: ['CWE-798'],
    description:
      'A key meant to be shipped to browsers or mobile apps (publishable payment keys, browser analytics keys, referrer-restricted map and Firebase keys). It is not a leak in itself; it matters only when the key is not restricted.',
    remediation:
      'Keep it, but make sure the provider restricts it (HTTP referrers, app signatures, allowed APIs, row-level security) and that the matching secret key never ships with it.',
    references: ['https://cloud.google.com/docs/authentication/api-keys#securing', 'https://docs.stripe.com/keys'],
    messages: {
      publicKey: '{description} ({rule}) in {file} line {line}: {secret}. Public by design: {note}',
      publicKeyInHistory: '{description} ({rule}) added to {file} line {line} in commit {commit}: {secret}. Public by design: {note}',
    },
  },
  messageFor: (m) => (m.commit ? 'publicKeyInHistory' : 'publicKey'),
});
