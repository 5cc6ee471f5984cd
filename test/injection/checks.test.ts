// Every non-SQL injection check, proven both ways against real fixture endpoints on 127.0.0.1:
// it fires on the vulnerable variant (once per root cause) and stays silent on the fixed twin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crlfInjection from '../../src/engines/scan/checks/crlf-injection.js';
import hostHeaderInjection from '../../src/engines/scan/checks/host-header-injection.js';
import ldapInjection from '../../src/engines/scan/checks/ldap-injection.js';
import nosqlInjection from '../../src/engines/scan/checks/nosql-injection.js';
import osCommandInjection from '../../src/engines/scan/checks/os-command-injection.js';
import pathTraversal from '../../src/engines/scan/checks/path-traversal.js';
import reflectedXss from '../../src/engines/scan/checks/reflected-xss.js';
import serverSideRequestForgery from '../../src/engines/scan/checks/server-side-request-forgery.js';
import serverSideTemplateInjection from '../../src/engines/scan/checks/server-side-template-injection.js';
import smtpHeaderInjection from '../../src/engines/scan/checks/smtp-header-injection.js';
import xmlExternalEntity from '../../src/engines/scan/checks/xml-external-entity.js';
import type { InjectionScanCheck } from '../../src/engines/scan/injection/adapter.js';
import type { ProbeRequest } from '../../src/engines/scan/injection/types.js';
import { OobListener } from '../../src/engines/scan/oob/listener.js';
import { App } from './http.js';
import { addMiscRoutes, startStrictSmtp } from './misc-fixture.js';
import { runCheck } from './harness.js';

const get = (pathTemplate: string, query: [string, string][] = [], extra: Partial<ProbeRequest> = {}): ProbeRequest => ({
  method: 'GET',
  pathTemplate,
  pathParams: {},
  query,
  headers: {},
  cookies: [],
  ...extra,
});
const postJson = (pathTemplate: string, value: unknown): ProbeRequest => ({ ...get(pathTemplate), method: 'POST', body: { kind: 'json', value } });

interface Case {
  readonly check: InjectionScanCheck;
  readonly name: string;
  readonly vulnerable: ProbeRequest;
  readonly fixed: ProbeRequest;
  /** Evidence fact expected on the finding. */
  readonly fact?: [string, unknown];
  readonly messageId?: string;
  readonly parameter?: string;
  readonly oob?: boolean;
  readonly bodyMediaTypes?: string[];
}

const xmlBody = (v: string): ProbeRequest => ({ ...get(`/xml/${v}/import`), method: 'POST', body: { kind: 'raw', contentType: 'application/xml', text: '<order><item>pencil</item></order>' } });

const CASES: Case[] = [
  { check: nosqlInjection, name: 'JSON login ($ne)', vulnerable: postJson('/nosql/vuln/login', { username: 'alice', password: 'wrong-password' }), fixed: postJson('/nosql/secure/login', { username: 'alice', password: 'wrong-password' }), parameter: 'password' },
  { check: nosqlInjection, name: 'bracketed query filter', vulnerable: get('/nosql/vuln/products', [['category', 'books']]), fixed: get('/nosql/secure/products', [['category', 'books']]), parameter: 'category' },
  { check: nosqlInjection, name: '$where JavaScript', vulnerable: get('/nosql/vuln/where', [['username', 'alice']]), fixed: get('/nosql/secure/where', [['username', 'alice']]), messageId: 'whereInjected' },
  { check: osCommandInjection, name: 'output canary', vulnerable: get('/cmd/vuln/ping', [['host', 'localhost']]), fixed: get('/cmd/secure/ping', [['host', 'localhost']]), fact: ['technique', 'output-based'] },
  { check: osCommandInjection, name: 'blind, time-based', vulnerable: get('/cmd/blind/ping', [['host', 'localhost']]), fixed: get('/cmd/secure/ping', [['host', 'localhost']]), fact: ['technique', 'time-based'] },
  { check: osCommandInjection, name: 'form field', vulnerable: { ...get('/cmd/vuln/lookup'), method: 'POST', body: { kind: 'form', fields: [['host', 'localhost']] } }, fixed: { ...get('/cmd/secure/lookup'), method: 'POST', body: { kind: 'form', fields: [['host', 'localhost']] } }, parameter: 'host' },
  { check: serverSideTemplateInjection, name: 'nested JSON field', vulnerable: postJson('/ssti/vuln/render', { profile: { nickname: 'bob' } }), fixed: postJson('/ssti/secure/render', { profile: { nickname: 'bob' } }), parameter: 'profile.nickname' },
  { check: pathTraversal, name: 'path segment', vulnerable: get('/files/vuln/raw/{name}', [], { pathParams: { name: 'report.txt' } }), fixed: get('/files/secure/raw/{name}', [], { pathParams: { name: 'report.txt' } }), parameter: 'name' },
  { check: reflectedXss, name: 'HTML reflection', vulnerable: get('/xss/vuln/search', [['q', 'shoes']]), fixed: get('/xss/secure/search', [['q', 'shoes']]), messageId: 'reflected' },
  { check: reflectedXss, name: 'JSON served as text/html', vulnerable: get('/xss/vuln/echo', [['msg', 'hi']]), fixed: get('/xss/secure/echo', [['msg', 'hi']]), messageId: 'jsonAsHtml' },
  { check: serverSideTemplateInjection, name: 'nunjucks', vulnerable: get('/ssti/vuln/greet', [['name', 'bob']]), fixed: get('/ssti/secure/greet', [['name', 'bob']]), fact: ['syntax', '{{ }}'] },
  { check: pathTraversal, name: 'file download', vulnerable: get('/files/vuln/download', [['name', 'report.txt']]), fixed: get('/files/secure/download', [['name', 'report.txt']]), fact: ['file', '/etc/passwd'] },
  { check: hostHeaderInjection, name: 'password-reset link', vulnerable: postJson('/host/vuln/password-reset', { email: 'a@shop.test' }), fixed: postJson('/host/secure/password-reset', { email: 'a@shop.test' }), parameter: 'X-Forwarded-Host' },
  { check: hostHeaderInjection, name: 'login redirect', vulnerable: get('/host/vuln/login'), fixed: get('/host/secure/login') },
  { check: crlfInjection, name: 'redirect Location', vulnerable: get('/crlf/vuln/lang', [['lang', 'en']]), fixed: get('/crlf/secure/lang', [['lang', 'en']]) },
  { check: smtpHeaderInjection, name: 'Bcc via the OOB SMTP sink', vulnerable: postJson('/mail/vuln/contact', { email: 'ann@shop.test', message: 'hello' }), fixed: postJson('/mail/secure/contact', { email: 'ann@shop.test', message: 'hello' }), messageId: 'mailInjected', oob: true },
  { check: smtpHeaderInjection, name: 'SMTP error signatures', vulnerable: postJson('/mail/error/contact', { email: 'ann@shop.test' }), fixed: postJson('/mail/secure/contact', { email: 'ann@shop.test', message: 'hello' }), messageId: 'smtpError' },
  { check: ldapInjection, name: 'filter error', vulnerable: get('/ldap/vuln/users', [['uid', 'alice']]), fixed: get('/ldap/secure/users', [['uid', 'alice']]), fact: ['technique', 'error-based'] },
  { check: ldapInjection, name: 'filter boolean', vulnerable: get('/ldap/blind/users', [['uid', 'alice']]), fixed: get('/ldap/secure/users', [['uid', 'alice']]), fact: ['technique', 'boolean-based'] },
  { check: serverSideRequestForgery, name: 'link preview', vulnerable: get('/ssrf/vuln/preview', [['url', 'https://cdn.example.test/a.png']]), fixed: get('/ssrf/secure/preview', [['url', 'https://cdn.example.test/a.png']]), oob: true },
  { check: xmlExternalEntity, name: 'XML import', vulnerable: xmlBody('vuln'), fixed: xmlBody('secure'), oob: true, bodyMediaTypes: ['application/xml'] },
];

describe('scan injection checks on fixture endpoints', { concurrency: 1 }, () => {
  const app = new App();
  const oob = new OobListener();
  let strict: { port: number; close(): Promise<void> };
  let url = '';
  before(async () => {
    await oob.start();
    strict = await startStrictSmtp();
    addMiscRoutes(app, { smtpPort: oob.smtpPort, strictSmtpPort: strict.port });
    url = await app.listen();
  });
  after(async () => {
    await app.close();
    await oob.stop();
    await strict.close();
  });

  for (const c of CASES) {
    test(`${c.check.meta.id}: ${c.name} — fires on the vulnerable endpoint`, async () => {
      const r = await runCheck(c.check, url, c.vulnerable, { ...(c.oob ? { oob } : {}), delayS: 1, ...(c.bodyMediaTypes ? { bodyMediaTypes: c.bodyMediaTypes } : {}) });
      assert.equal(r.findings.length, 1, `findings: ${r.findings.map((f) => f.message).join(' | ')}; notes: ${JSON.stringify(r.notifications)}`);
      const f = r.findings[0]!;
      assert.equal(f.checkId, c.check.meta.id);
      assert.ok(f.evidence?.exchanges && f.evidence.exchanges.length > 0, 'carries exchanges');
      assert.ok(f.evidence?.payload, 'carries the payload');
      if (c.fact) assert.equal(f.evidence?.data?.[c.fact[0]], c.fact[1]);
      if (c.messageId) assert.equal(r.results[0]!.result.messageId, c.messageId);
      if (c.parameter) assert.equal(f.location.kind === 'http' ? f.location.parameter?.name : undefined, c.parameter);
    });
    test(`${c.check.meta.id}: ${c.name} — silent on the fixed twin`, async () => {
      const r = await runCheck(c.check, url, c.fixed, { ...(c.oob ? { oob } : {}), delayS: 1, ...(c.bodyMediaTypes ? { bodyMediaTypes: c.bodyMediaTypes } : {}) });
      assert.deepEqual(r.findings.map((f) => f.message), []);
    });
  }
});
