// Fixture endpoints for the non-SQL injection checks, each vulnerable variant next to a fixed twin:
// NoSQL (mingo), OS command, template (nunjucks), XSS, path traversal, host header, CRLF, mail (SMTP),
// LDAP filter, URL fetcher (SSRF) and XML with external entities (XXE). Loopback only: the shell
// endpoint answers only to 127.0.0.1 and only ever receives echo/sleep payloads from the tests; the URL
// fetcher and the entity resolver refuse every host but 127.0.0.1.
import { exec, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { connect } from 'node:net';
import type { ServerResponse } from 'node:http';
import { find } from 'mingo';
import nunjucks from 'nunjucks';
import nodemailer from 'nodemailer';
import { DOMParser } from '@xmldom/xmldom';
import { App, escapeHtml, html, json, type Req } from './http.js';
import { FilterError, escapeFilterValue, search } from './ldap-filter.js';

const USERS = [
  { username: 'alice', password: 'Wonder-1', role: 'user' },
  { username: 'bob', password: 'Builder-2', role: 'user' },
  { username: 'admin', password: 'Sup3r-Secret', role: 'admin' },
];
const PRODUCTS = [
  { id: 1, name: 'Pencil', category: 'office' },
  { id: 2, name: 'Novel', category: 'books' },
  { id: 3, name: 'Atlas', category: 'books' },
  { id: 4, name: 'Kettle', category: 'kitchen' },
];
const DIRECTORY = [
  { objectClass: 'person', uid: 'alice', cn: 'Alice Liddell', mail: 'alice@shop.test' },
  { objectClass: 'person', uid: 'bob', cn: 'Bob Builder', mail: 'bob@shop.test' },
  { objectClass: 'person', uid: 'carol', cn: 'Carol Danvers', mail: 'carol@shop.test' },
];

export interface MiscFixtureOptions {
  /** SMTP relay the mail endpoints send through (the OOB sink in tests). */
  readonly smtpPort: number;
  /** A strict SMTP server for the error-signature variant. */
  readonly strictSmtpPort: number;
}

/** Compile a $where expression the way MongoDB evaluates a string: as JavaScript over the document. */
function safeWhere(expr: string): () => boolean {
  let fn: () => boolean;
  try {
    fn = new Function(`return (${expr});`) as () => boolean;
  } catch {
    fn = () => false;
  }
  return function (this: unknown) {
    try {
      return Boolean(fn.call(this));
    } catch {
      return false;
    }
  };
}

function loopbackOnly(req: Req, res: ServerResponse): boolean {
  const a = req.raw.socket.remoteAddress ?? '';
  if (a === '127.0.0.1' || a === '::ffff:127.0.0.1' || a === '::1') return true;
  json(res, 403, { error: 'fixture answers loopback only' });
  return false;
}

function isLoopbackUrl(u: string): boolean {
  try {
    const x = new URL(u);
    return (x.protocol === 'http:' || x.protocol === 'https:') && x.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/** Send mail the way `sendmail -t` does: recipients come from the To/Cc/Bcc headers of the message text. */
function sendmailT(port: number, message: string): Promise<void> {
  const [head = '', ...rest] = message.split(/\r?\n\r?\n/);
  const lines = head.split(/\r?\n/);
  const rcpt = lines.filter((l) => /^(to|cc|bcc):/i.test(l)).flatMap((l) => l.slice(l.indexOf(':') + 1).split(',').map((s) => s.trim()).filter(Boolean));
  const headers = lines.filter((l) => !/^bcc:/i.test(l)).join('\r\n');
  const data = `${headers}\r\n\r\n${rest.join('\r\n\r\n')}`;
  return smtpConversation(port, ['EHLO shop.test', 'MAIL FROM:<noreply@shop.test>', ...rcpt.map((r) => `RCPT TO:<${r}>`), 'DATA'], data);
}

/** A plain SMTP client: one command per reply; rejects with the server's reply on a 4xx/5xx. */
function smtpConversation(port: number, commands: string[], data?: string): Promise<void> {
  return new Promise((resolveP, reject) => {
    const s = connect(port, '127.0.0.1');
    s.setEncoding('utf8');
    s.setTimeout(3000, () => {
      s.destroy();
      reject(new Error('SMTP timeout'));
    });
    const queue = [...commands];
    let buf = '';
    let sentData = false;
    s.on('error', reject);
    s.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (/^\d{3}-/.test(line)) continue;
        if (/^[45]/.test(line)) {
          s.end('QUIT\r\n');
          return reject(new Error(`SMTP error: ${line}`));
        }
        if (/^354/.test(line) && data !== undefined) {
          s.write(`${data.replace(/\r?\n\./g, '\r\n..')}\r\n.\r\n`);
          sentData = true;
          continue;
        }
        const next = queue.shift();
        if (next !== undefined) s.write(`${next}\r\n`);
        else {
          s.end('QUIT\r\n');
          return resolveP();
        }
        if (sentData) sentData = false;
      }
    });
  });
}

/** A strict SMTP server: rejects malformed commands the way a real MTA does. */
export async function startStrictSmtp(): Promise<{ port: number; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const server = createServer((s) => {
    s.setEncoding('utf8');
    s.on('error', () => {});
    s.write('220 strict.shop.test ESMTP\r\n');
    let buf = '';
    s.on('data', (c: string) => {
      buf += c;
      let nl: number;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (/^(EHLO|HELO) /i.test(line)) s.write('250 strict.shop.test\r\n');
        else if (/^MAIL FROM:<[^<>\s]+@[^<>\s]+>$/i.test(line)) s.write('250 2.1.0 Ok\r\n');
        else if (/^MAIL FROM:/i.test(line)) s.write('501 5.1.7 Bad sender address syntax\r\n');
        else if (/^RCPT TO:<[^<>\s]+@[^<>\s]+>$/i.test(line)) s.write('250 2.1.5 Ok\r\n');
        else if (/^RCPT TO:/i.test(line)) s.write('501 5.1.3 Bad recipient address syntax\r\n');
        else if (/^QUIT/i.test(line)) s.end('221 2.0.0 Bye\r\n');
        else s.write('500 5.5.2 Error: command not recognized\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Resolve SYSTEM entities (general and parameter) by fetching them — the unsafe parser setting. */
async function resolveExternalEntities(xml: string): Promise<string> {
  const dtd = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(xml)?.[1] ?? '';
  const values = new Map<string, string>();
  for (const m of dtd.matchAll(/<!ENTITY\s+(%\s+)?([\w.-]+)\s+SYSTEM\s+"([^"]+)"\s*>/g)) {
    const url = m[3]!;
    let text = '';
    if (isLoopbackUrl(url)) {
      try {
        text = await (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();
      } catch {}
    }
    if (!m[1]) values.set(m[2]!, text);
  }
  const body = xml.replace(/^[\s\S]*?<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, '');
  return body.replace(/&([\w.-]+);/g, (whole, name: string) => (values.has(name) ? escapeHtml(values.get(name)!) : whole));
}

export function addMiscRoutes(app: App, opts: MiscFixtureOptions): void {
  const filesDir = mkdtempSync(join(tmpdir(), 'rampart-inj-files-'));
  writeFileSync(join(filesDir, 'report.txt'), 'quarterly report: all good\n');

  // NoSQL: login and filter.
  for (const v of ['vuln', 'secure'] as const) {
    app.on('POST', `/nosql/${v}/login`, (req, res) => {
      const { username, password } = req.body as { username?: unknown; password?: unknown };
      if (v === 'secure' && (typeof username !== 'string' || typeof password !== 'string')) return json(res, 400, { error: 'invalid input' });
      const hit = find(USERS, { username, password } as Record<string, unknown>).all()[0] as (typeof USERS)[number] | undefined;
      return hit ? json(res, 200, { token: `t-${hit.username}`, role: hit.role }) : json(res, 401, { error: 'invalid credentials' });
    });
    // $where with a JavaScript expression built from input (MongoDB evaluates such strings as code).
    app.on('GET', `/nosql/${v}/where`, (req, res) => {
      if (!loopbackOnly(req, res)) return;
      const u = String(req.query['username'] ?? '');
      const criteria = v === 'secure' ? { username: u } : { $where: safeWhere(`this.username == '${u}'`) };
      return json(res, 200, { users: find(USERS, criteria as Record<string, unknown>).all().map((x) => (x as { username: string }).username) });
    });
    app.on('GET', `/nosql/${v}/products`, (req, res) => {
      const category = v === 'secure' ? String(req.query['category'] ?? '') : req.nestedQuery['category'];
      return json(res, 200, { items: find(PRODUCTS, { category } as Record<string, unknown>).all() });
    });
  }

  // OS command: output shown (vuln), blind (only time shows), fixed twin (execFile + allow-list).
  for (const v of ['vuln', 'blind', 'secure'] as const) {
    app.on('GET', `/cmd/${v}/ping`, (req, res) => {
      if (!loopbackOnly(req, res)) return;
      const host = req.query['host'] ?? '';
      if (v === 'secure') {
        if (!/^[a-z0-9.-]{1,64}$/i.test(host)) return json(res, 400, { error: 'invalid host' });
        return execFile('echo', ['pinging', host], { timeout: 5000 }, (_e, out) => json(res, 200, { output: out }));
      }
      exec(`echo pinging ${host}`, { timeout: 5000, env: { PATH: '/usr/bin:/bin' } }, (_e, out) =>
        v === 'blind' ? json(res, 200, { ok: true }) : json(res, 200, { output: out }),
      );
    });
  }

  // OS command from a form field (output shown).
  for (const v of ['vuln', 'secure'] as const) {
    app.on('POST', `/cmd/${v}/lookup`, (req, res) => {
      if (!loopbackOnly(req, res)) return;
      const host = String(req.body['host'] ?? '');
      if (v === 'secure') {
        if (!/^[a-z0-9.-]{1,64}$/i.test(host)) return json(res, 400, { error: 'invalid host' });
        return execFile('echo', ['lookup', host], { timeout: 5000 }, (_e, out) => json(res, 200, { output: out }));
      }
      exec(`echo lookup ${host}`, { timeout: 5000, env: { PATH: '/usr/bin:/bin' } }, (_e, out) => json(res, 200, { output: out }));
    });
  }

  // Template: input compiled as a nunjucks template (vuln) or passed as data (secure).
  const env = new nunjucks.Environment(null, { autoescape: true });
  for (const v of ['vuln', 'secure'] as const) {
    app.on('GET', `/ssti/${v}/greet`, (req, res) => {
      const name = req.query['name'] ?? '';
      try {
        const out = v === 'vuln' ? env.renderString(`<p>Hello ${name}</p>`, {}) : env.renderString('<p>Hello {{ name }}</p>', { name });
        return html(res, 200, out);
      } catch {
        return html(res, 400, '<p>Bad name</p>');
      }
    });
  }

  // Template from a nested JSON field.
  for (const v of ['vuln', 'secure'] as const) {
    app.on('POST', `/ssti/${v}/render`, (req, res) => {
      const nick = String(((req.body['profile'] ?? {}) as { nickname?: unknown }).nickname ?? '');
      try {
        const out = v === 'vuln' ? env.renderString(`Welcome back, ${nick}!`, {}) : env.renderString('Welcome back, {{ nick }}!', { nick });
        return json(res, 200, { banner: out });
      } catch {
        return json(res, 400, { error: 'bad template' });
      }
    });
  }

  // XSS: reflection in an HTML page, and JSON served as text/html.
  for (const v of ['vuln', 'secure'] as const) {
    app.on('GET', `/xss/${v}/search`, (req, res) => {
      const q = req.query['q'] ?? '';
      html(res, 200, `<html><body><h1>Search</h1><p>Results for ${v === 'vuln' ? q : escapeHtml(q)}</p></body></html>`);
    });
    app.on('GET', `/xss/${v}/echo`, (req, res) => {
      res.writeHead(200, { 'content-type': v === 'vuln' ? 'text/html' : 'application/json' });
      res.end(JSON.stringify({ echo: req.query['msg'] ?? '' }));
    });
  }

  // Path traversal.
  for (const v of ['vuln', 'secure'] as const) {
    app.on('GET', `/files/${v}/download`, (req, res) => {
      const name = req.query['name'] ?? '';
      const full = v === 'vuln' ? join(filesDir, name) : resolve(filesDir, name);
      if (v === 'secure' && !full.startsWith(filesDir + sep)) return json(res, 400, { error: 'invalid name' });
      try {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(readFileSync(full, 'utf8'));
      } catch {
        json(res, 404, { error: 'no such file' });
      }
    });
  }

  // Path traversal through a path segment (encoded slashes decoded by the router).
  for (const v of ['vuln', 'secure'] as const) {
    app.on('GET', `/files/${v}/raw/{name}`, (req, res) => {
      const name = req.params['name'] ?? '';
      const full = v === 'vuln' ? join(filesDir, name) : resolve(filesDir, name);
      if (v === 'secure' && !full.startsWith(filesDir + sep)) return json(res, 400, { error: 'invalid name' });
      try {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(readFileSync(full, 'utf8'));
      } catch {
        json(res, 404, { error: 'no such file' });
      }
    });
  }

  // Host header: a password-reset link and a redirect built from request headers (vuln) or config.
  for (const v of ['vuln', 'secure'] as const) {
    const origin = (req: Req) => {
      if (v === 'secure') return 'https://shop.example.test';
      const fwd = /host=([^;,\s]+)/i.exec(String(req.headers['forwarded'] ?? ''))?.[1];
      const host = String(req.headers['x-forwarded-host'] ?? fwd ?? req.headers['host'] ?? 'localhost');
      const proto = String(req.headers['x-forwarded-proto'] ?? 'http');
      return `${proto}://${host}`;
    };
    app.on('POST', `/host/${v}/password-reset`, (req, res) => json(res, 200, { message: 'If the account exists, a link was sent.', preview: `${origin(req)}/reset?token=8f14e45f` }));
    app.on('GET', `/host/${v}/login`, (req, res) => {
      res.writeHead(302, { location: `${origin(req)}/welcome` });
      res.end();
    });
  }

  // Host only: an absolute redirect built from the Host header alone (no forwarded headers).
  app.on('GET', '/host/hostonly/login', (req, res) => {
    res.writeHead(302, { location: `http://${String(req.headers['host'] ?? 'localhost')}/welcome` });
    res.end();
  });

  // CRLF: a redirect whose Location is written raw to the socket (vuln) or encoded (secure).
  for (const v of ['vuln', 'secure'] as const) {
    app.on('GET', `/crlf/${v}/lang`, (req, res) => {
      const lang = req.query['lang'] ?? 'en';
      if (v === 'secure') {
        res.writeHead(302, { location: `/home?lang=${encodeURIComponent(lang)}`, 'content-length': '0' });
        return res.end();
      }
      req.raw.socket.end(`HTTP/1.1 302 Found\r\nLocation: /home?lang=${lang}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    });
  }

  // Mail: sendmail -t with a header built from input (vuln), a raw SMTP command (error), nodemailer + validation (secure).
  const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: opts.smtpPort, secure: false, ignoreTLS: true });
  app.on('POST', '/mail/vuln/contact', async (req, res) => {
    const { email = '', message = '' } = req.body as { email?: string; message?: string };
    try {
      await sendmailT(opts.smtpPort, `From: shop <noreply@shop.test>\r\nReply-To: ${email}\r\nTo: support@shop.test\r\nSubject: Contact form\r\n\r\n${message}\r\n`);
      json(res, 200, { sent: true });
    } catch {
      json(res, 502, { error: 'could not send' });
    }
  });
  app.on('POST', '/mail/error/contact', async (req, res) => {
    const { email = '' } = req.body as { email?: string };
    try {
      await smtpConversation(opts.strictSmtpPort, ['EHLO shop.test', `MAIL FROM:<${email}>`, 'RCPT TO:<support@shop.test>']);
      json(res, 200, { sent: true });
    } catch (e) {
      json(res, 502, { error: (e as Error).message });
    }
  });
  app.on('POST', '/mail/secure/contact', async (req, res) => {
    const { email = '', message = '' } = req.body as { email?: string; message?: string };
    if (typeof email !== 'string' || !/^[^\s@<>]+@[^\s@<>]+$/.test(email)) return json(res, 400, { error: 'invalid email' });
    try {
      await mailer.sendMail({ from: 'noreply@shop.test', to: 'support@shop.test', replyTo: email, subject: 'Contact form', text: String(message) });
      json(res, 200, { sent: true });
    } catch {
      json(res, 502, { error: 'could not send' });
    }
  });

  // LDAP: filter built from input; errors shown (vuln), swallowed (blind), escaped (secure).
  for (const v of ['vuln', 'blind', 'secure'] as const) {
    app.on('GET', `/ldap/${v}/users`, (req, res) => {
      const uid = req.query['uid'] ?? '';
      const filter = `(&(objectClass=person)(uid=${v === 'secure' ? escapeFilterValue(uid) : uid}))`;
      try {
        return json(res, 200, { users: search(DIRECTORY, filter).map((e) => ({ uid: e['uid'], cn: e['cn'] })) });
      } catch (e) {
        if (v === 'vuln' && e instanceof FilterError) return json(res, 500, { error: e.message });
        return json(res, 200, { users: [] });
      }
    });
  }

  // SSRF: a link preview that fetches the URL (vuln, loopback only in this fixture) or an allow-list (secure).
  for (const v of ['vuln', 'secure'] as const) {
    app.on('GET', `/ssrf/${v}/preview`, async (req, res) => {
      const url = req.query['url'] ?? '';
      let host = '';
      try {
        host = new URL(url).hostname;
      } catch {
        return json(res, 400, { error: 'invalid url' });
      }
      if (v === 'secure' && host !== 'cdn.example.test') return json(res, 400, { error: 'host not allowed' });
      if (!isLoopbackUrl(url)) return json(res, 200, { title: null });
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
        return json(res, 200, { title: (await r.text()).slice(0, 40) });
      } catch {
        return json(res, 200, { title: null });
      }
    });
  }

  // XXE: an importer whose parser resolves external entities (vuln) or refuses DTDs (secure).
  for (const v of ['vuln', 'secure'] as const) {
    app.on('POST', `/xml/${v}/import`, async (req, res) => {
      let xml = req.rawBody;
      if (v === 'secure' && /<!DOCTYPE/i.test(xml)) return json(res, 400, { error: 'DTDs are not allowed' });
      if (v === 'vuln') xml = await resolveExternalEntities(xml);
      try {
        const doc = new DOMParser().parseFromString(xml, 'text/xml');
        return json(res, 200, { imported: doc.documentElement?.textContent ?? '' });
      } catch {
        return json(res, 400, { error: 'invalid xml' });
      }
    });
  }
}
