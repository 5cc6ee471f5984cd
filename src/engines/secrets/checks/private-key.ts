import { defineSecretCheck } from '../define.js';

export default defineSecretCheck({
  meta: {
    id: 'secrets/private-key',
    title: 'Private key in the code',
    severity: 'critical',
    confidence: 'high',
    domain: 'secrets',
    owasp: ['API8:2023'],
    cwe: ['CWE-321', 'CWE-798'],
    description:
      'A private key (PEM RSA/EC/DSA/PKCS#8, OpenSSH, PGP, PuTTY, age, minisign, or a kubeconfig client key) is stored with the code, including PEM text written inside one string with \\n escapes or split over concatenated literals.',
    remediation:
      'Treat the key pair as compromised: issue a new key, revoke the old certificate or authorized_keys entry, and load the new key from a secret store or a file outside the repository.',
    references: ['https://cwe.mitre.org/data/definitions/321.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Key_Management_Cheat_Sheet.html'],
    messages: {
      privateKey: '{description} ({rule}) in {file} line {line}: {secret}.',
      privateKeyInHistory: '{description} ({rule}) added to {file} line {line} in commit {commit} by {author} on {date}: {secret}.',
    },
  },
  messageFor: (m) => (m.commit ? 'privateKeyInHistory' : 'privateKey'),
});
