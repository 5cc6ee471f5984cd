import type { CheckMeta } from '../../src/core/check.js';
import { createFinding } from '../../src/core/create.js';
import type { Finding } from '../../src/core/finding.js';
import { makeReport } from '../../src/core/report.js';
import type { EngineRun, Report } from '../../src/core/report.js';

/** Made-up check metadata for reporter tests (not registered anywhere). */
export const SQLI: CheckMeta = {
  id: 'scan/sql-injection',
  title: 'SQL injection',
  severity: 'critical',
  confidence: 'high',
  domain: 'injection',
  owasp: ['API8:2023'],
  cwe: ['CWE-89'],
  description: 'Sends SQL metacharacters in each parameter and compares error and timing behaviour.',
  remediation: 'Use parameterised queries; never build SQL from request values.',
  references: ['https://owasp.org/www-community/attacks/SQL_Injection', 'https://cwe.mitre.org/data/definitions/89.html'],
  messages: { errorBased: 'Parameter {param} reaches a SQL query ({dbms} error).' },
};

export const CORS: CheckMeta = {
  id: 'scan/cors-reflected-origin',
  title: 'CORS reflects any origin with credentials',
  severity: 'high',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-942'],
  description: 'Sends a foreign Origin and checks whether it is echoed with credentials allowed.',
  remediation: 'Allow-list trusted origins.',
  references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS'],
  messages: { reflected: 'Origin {origin} is reflected with credentials.' },
};

/** A check that ran and found nothing (a passing JUnit case, a SARIF rule without results). */
export const HEADERS: CheckMeta = {
  id: 'scan/missing-security-headers',
  title: 'Security headers missing',
  severity: 'low',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-693'],
  description: 'Checks responses for standard security headers.',
  remediation: 'Set the headers.',
  references: ['https://owasp.org/www-project-secure-headers/'],
  messages: { missing: 'Header {name} is missing.' },
};

export const TAINT: CheckMeta = {
  id: 'code/sql-injection',
  title: 'Request data reaches a SQL query',
  severity: 'high',
  confidence: 'medium',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-89'],
  description: 'Tracks request values into SQL sinks.',
  remediation: 'Pass values as query parameters.',
  references: ['https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html'],
  messages: { flow: '{source} flows into {sink}.' },
};

export const SECRET: CheckMeta = {
  id: 'code/hardcoded-key',
  title: 'Hard-coded API key',
  severity: 'medium',
  confidence: 'high',
  domain: 'secrets',
  owasp: ['API2:2023'],
  cwe: ['CWE-798'],
  description: 'Finds API keys in source.',
  remediation: 'Load keys from the environment and rotate this one.',
  references: ['https://cwe.mitre.org/data/definitions/798.html'],
  messages: { key: 'A key is hard-coded in {file}.' },
};

export const SPEC_HTTP: CheckMeta = {
  id: 'spec/server-url-plain-http',
  title: 'Server URL uses plain HTTP',
  severity: 'medium',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-319'],
  description: 'Server URLs must use HTTPS.',
  remediation: 'Serve the API over HTTPS only.',
  references: ['https://spec.openapis.org/oas/v3.1.0#server-object'],
  messages: { plainHttp: 'Server {url} is not served over HTTPS.' },
};

export const SPRAY: CheckMeta = {
  id: 'logs/password-spraying',
  title: 'Password spraying',
  severity: 'info',
  confidence: 'low',
  domain: 'abuse',
  owasp: ['API2:2023'],
  cwe: ['CWE-307'],
  description: 'One client tries few passwords on many accounts.',
  remediation: 'Rate-limit logins per client and alert.',
  references: ['https://owasp.org/www-community/attacks/Password_Spraying_Attack'],
  messages: { spray: '{ip} tried {accounts} accounts.' },
};

/** The findings of the fixture, with optional overrides for hostile-content tests. */
export function fixtureFindings(h: { text?: string; file?: string } = {}): { scan: Finding[]; code: Finding[]; spec: Finding[]; logs: Finding[] } {
  const t = h.text ?? '';
  const file = h.file ?? 'src/db/users.ts';
  const sqli = createFinding(SQLI, {
    messageId: 'errorBased',
    data: { param: `id${t}`, dbms: 'SQLite' },
    location: {
      kind: 'http',
      method: 'GET',
      path: '/users/{id}',
      url: 'http://127.0.0.1:4010/users/1',
      parameter: { in: 'path', name: 'id' },
      spec: { file: 'openapi.yaml', pointer: '/paths/~1users~1{id}/get', line: 42 },
    },
    evidence: {
      summary: `SQLite error after a single quote${t}`,
      payload: `1'${t}`,
      exchanges: [
        {
          label: 'probe',
          request: { method: 'GET', url: "http://127.0.0.1:4010/users/1'", headers: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' } },
          response: { status: 500, headers: { 'content-type': 'text/html' }, body: `SQLITE_ERROR: unrecognized token: "'"${t}`, timeMs: 12 },
        },
        { label: 'control', request: { method: 'GET', url: 'http://127.0.0.1:4010/users/1' }, response: { status: 200, body: '{"id":1}' } },
      ],
      data: { dbms: 'SQLite', note: t },
    },
  });
  const cors = createFinding(CORS, {
    messageId: 'reflected',
    data: { origin: `https://evil.example${t}` },
    location: { kind: 'http', method: 'OPTIONS', path: '/login', url: 'http://127.0.0.1:4010/login' },
    evidence: { exchanges: [{ request: { method: 'OPTIONS', url: 'http://127.0.0.1:4010/login', headers: { Origin: 'https://evil.example' } }, response: { status: 204, headers: { 'access-control-allow-origin': 'https://evil.example' } } }] },
  });
  const taint = createFinding(TAINT, {
    messageId: 'flow',
    data: { source: 'req.params.id', sink: `db.prepare()${t}` },
    location: { kind: 'file', file, startLine: 17, endLine: 18, startColumn: 5, snippet: 'db.prepare(`SELECT * FROM users WHERE id = ${id}`)' },
    evidence: {
      snippet: `const id = req.params.id;\nconst row = db.prepare(\`SELECT * FROM users WHERE id = \${id}\`).get();${t}`,
      trace: [
        { kind: 'source', file: 'src/routes/users.ts', line: 9, column: 14, message: `req.params.id${t}` },
        { kind: 'step', file: 'src/routes/users.ts', line: 10, message: 'passed to findUser(id)' },
        { kind: 'sink', file, line: 17, column: 5, message: 'db.prepare(query)' },
      ],
    },
  });
  const secret = createFinding(SECRET, {
    messageId: 'key',
    data: { file },
    location: { kind: 'file', file: 'src/config.ts', startLine: 3, commit: '0123456789abcdef0123456789abcdef01234567' },
    evidence: { secret: 'sk_live_…(32 chars)' },
  });
  const suppressed: Finding = {
    ...createFinding(SECRET, { messageId: 'key', data: { file: 'test/fixtures/keys.ts' }, location: { kind: 'file', file: 'test/fixtures/keys.ts', startLine: 1 } }),
    suppression: { reason: `test fixture, not a real key${t}`, source: 'inline comment at test/fixtures/keys.ts:1' },
  };
  const spec = createFinding(SPEC_HTTP, {
    messageId: 'plainHttp',
    data: { url: `http://api.example.com${t}` },
    location: { kind: 'spec', file: 'openapi.yaml', pointer: '/servers/0/url', line: 8, column: 10 },
  });
  const spray = createFinding(SPRAY, {
    messageId: 'spray',
    data: { ip: '203.0.113.7', accounts: 40 },
    location: { kind: 'log', file: 'logs/access.log', line: 1200, endLine: 1290, time: '2026-03-01T10:00:00Z', endTime: '2026-03-01T10:05:00Z' },
    evidence: { lines: [`203.0.113.7 - - [01/Mar/2026:10:00:00 +0000] "POST /login HTTP/1.1" 401 12${t}`], data: { accounts: 40, failures: 80 } },
  });
  return { scan: [sqli, cors], code: [taint, secret, suppressed], spec: [spec], logs: [spray] };
}

/** A report with all four location kinds, a trace, exchanges, a suppressed finding, notifications and extras. */
export function fixtureReport(h: { text?: string; file?: string } = {}): Report {
  const t = h.text ?? '';
  const f = fixtureFindings(h);
  const runs: EngineRun[] = [
    {
      engine: 'scan',
      target: 'http://127.0.0.1:4010',
      startedAt: '2026-03-01T10:00:00.000Z',
      finishedAt: '2026-03-01T10:00:12.500Z',
      checks: [SQLI, CORS, HEADERS],
      findings: f.scan,
      notifications: [
        { level: 'error', code: 'check-failed', message: `check crashed: TypeError${t}`, engine: 'scan', checkId: 'scan/missing-security-headers' },
        { level: 'warning', code: 'probe-inconclusive', message: 'timing probe inconclusive', engine: 'scan', subject: 'http://127.0.0.1:4010/search' },
      ],
      stats: { requests: 312, operations: 9 },
      extras: {
        permissionMatrix: {
          'GET /users/{id}': { anonymous: 'denied', alice: 'allowed', admin: `allowed${t}` },
          'PUT /users/{id}/role': { anonymous: 'denied', alice: 'allowed', admin: 'allowed' },
        },
      },
    },
    {
      engine: 'code',
      target: '.',
      startedAt: '2026-03-01T10:01:00.000Z',
      finishedAt: '2026-03-01T10:01:03.000Z',
      checks: [TAINT, SECRET],
      findings: f.code,
      notifications: [{ level: 'note', code: 'file-skipped', message: 'binary file skipped', engine: 'code', subject: `assets/logo.png${t}` }],
      stats: { files: 120, linesPerSecond: 50000 },
      extras: { routes: [{ method: 'GET', path: '/users/{id}', handler: `getUser${t}` }, { method: 'POST', path: '/login', handler: 'login' }] },
    },
    {
      engine: 'spec',
      target: 'openapi.yaml',
      startedAt: '2026-03-01T10:02:00.000Z',
      finishedAt: '2026-03-01T10:02:00.300Z',
      checks: [SPEC_HTTP],
      findings: f.spec,
      notifications: [],
      stats: { operations: 9 },
      extras: { score: { score: 72, max: 100, grade: 'C', categories: { security: 60, documentation: 90 } } },
    },
    {
      engine: 'logs',
      target: `logs/access.log${t}`,
      startedAt: '2026-03-01T10:03:00.000Z',
      finishedAt: '2026-03-01T10:03:02.000Z',
      checks: [SPRAY],
      findings: f.logs,
      notifications: [],
      stats: { lines: 100000 },
      extras: {
        timeline: [
          { time: '2026-03-01T10:00:00Z', event: `spraying starts${t}`, ip: '203.0.113.7' },
          { time: '2026-03-01T10:05:00Z', event: 'spraying ends', ip: '203.0.113.7' },
        ],
      },
    },
  ];
  return makeReport(runs, '0.1.0', '2026-03-01T10:04:00.000Z');
}
