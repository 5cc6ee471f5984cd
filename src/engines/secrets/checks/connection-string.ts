import { defineSecretCheck } from '../define.js';

export default defineSecretCheck({
  meta: {
    id: 'secrets/connection-string',
    title: 'Connection string or URL with a password',
    severity: 'high',
    confidence: 'high',
    domain: 'secrets',
    owasp: ['API8:2023'],
    cwe: ['CWE-798', 'CWE-259'],
    description:
      'A database, broker or service URL (PostgreSQL, MySQL, MongoDB, Redis, AMQP, JDBC, ADO.NET, HTTP/FTP/SMTP with user:password@) carries its password in the code or configuration.',
    remediation:
      'Change the password on the server, then build the URL at run time from environment variables or a secret store; keep only the host and database name in configuration.',
    references: ['https://cwe.mitre.org/data/definitions/259.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
    messages: {
      url: '{description} in {file} line {line}: password {secret}.',
      urlInHistory: '{description} added to {file} line {line} in commit {commit} by {author} on {date}: password {secret}.',
    },
  },
  messageFor: (m) => (m.commit ? 'urlInHistory' : 'url'),
});
