import { defineSecretCheck } from '../define.js';

export default defineSecretCheck({
  meta: {
    id: 'secrets/provider-key',
    title: 'Provider API key or token in the code',
    severity: 'high',
    confidence: 'high',
    domain: 'secrets',
    owasp: ['API8:2023'],
    cwe: ['CWE-798'],
    description:
      'A credential issued by a cloud, SaaS, payment, messaging, AI or CI provider (one of more than 250 token formats) is written in source, configuration, a bundle, an app package or git history.',
    remediation:
      'Revoke and rotate the credential at the provider now (removing it from the code does not un-leak it), then load it from the environment or a secret manager at run time. Purge it from git history only after rotation.',
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
    messages: {
      inFile: '{description} ({rule}) in {file} line {line}: {secret}.',
      inBundle: '{description} ({rule}) in {file} line {line}, shipped in the bundle at {bundle}: {secret}.',
      inHistory: '{description} ({rule}) added to {file} line {line} in commit {commit} by {author} on {date}: {secret}.',
    },
  },
  messageFor: (m) => (m.commit ? 'inHistory' : m.generated ? 'inBundle' : 'inFile'),
});
