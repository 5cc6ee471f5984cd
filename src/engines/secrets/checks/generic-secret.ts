import { defineSecretCheck } from '../define.js';

export default defineSecretCheck({
  meta: {
    id: 'secrets/generic-secret',
    title: 'Hard-coded secret',
    severity: 'medium',
    confidence: 'medium',
    domain: 'secrets',
    owasp: ['API8:2023'],
    cwe: ['CWE-798'],
    description:
      'A high-entropy literal is assigned to a secret-like name (secret, password, token, api_key, private_key ...) or written into an Authorization header. Placeholders, environment references and low-entropy values are ignored.',
    remediation:
      'Move the value to the environment or a secret manager and rotate it if it was ever real. If it is a test value, keep it under a test or fixture path or add it to `secrets.allow` in the config.',
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password'],
    messages: {
      literal: '{description} in {file} line {line}: {secret}.',
      literalInHistory: '{description} added to {file} line {line} in commit {commit} by {author} on {date}: {secret}.',
    },
  },
  messageFor: (m) => (m.commit ? 'literalInHistory' : 'literal'),
});
