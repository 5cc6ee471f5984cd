import { defineSecretCheck } from '../define.js';

export default defineSecretCheck({
  meta: {
    id: 'secrets/jwt',
    title: 'JSON Web Token in the code',
    severity: 'medium',
    confidence: 'high',
    domain: 'secrets',
    owasp: ['API2:2023', 'API8:2023'],
    cwe: ['CWE-798'],
    description:
      'A signed JWT is written in the code or configuration. Unless it has expired, whoever reads it can call the API as its subject; long-lived service tokens are the usual case.',
    remediation:
      'Revoke the token (or rotate the signing key if revocation is not possible), and have the program obtain tokens at run time. Never commit tokens taken from a browser session or a CI log.',
    references: ['https://datatracker.ietf.org/doc/html/rfc8725', 'https://cwe.mitre.org/data/definitions/798.html'],
    messages: {
      token: 'JSON Web Token in {file} line {line}: {secret}.',
      tokenInHistory: 'JSON Web Token added to {file} line {line} in commit {commit} by {author} on {date}: {secret}.',
    },
  },
  messageFor: (m) => (m.commit ? 'tokenInHistory' : 'token'),
});
