// The out-of-band listener (HTTP + SMTP sink, unique tokens, --callback-url) and its wiring into a
// real `scanTarget` run: SSRF is proven by the interaction, and nothing is found with the listener off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { ToolError } from '../../src/core/errors.js';
import { scanTarget } from '../../src/engines/scan/load.js';
import { OobListener } from '../../src/engines/scan/oob/listener.js';
import { App } from './http.js';
import { addMiscRoutes } from './misc-fixture.js';

function smtpSend(port: number, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    s.on('error', reject);
    s.once('data', () => {
      s.write(lines.join('\r\n') + '\r\n');
      s.on('data', (d: Buffer) => {
        if (d.toString().includes('221')) resolve();
      });
    });
  });
}

describe('out-of-band listener', () => {
  test('an HTTP fetch of a token URL is recorded for that token only', async (t) => {
    const oob = await new OobListener().start();
    t.after(() => oob.stop());
    const a = oob.newToken();
    const b = oob.newToken();
    assert.notEqual(a.token, b.token);
    assert.match(a.url, /^http:\/\/127\.0\.0\.1:\d+\/rmpoob[a-z0-9]{12}$/);
    await (await fetch(a.url)).text();
    assert.equal((await oob.wait(a.token, 1000)).length, 1);
    assert.equal((await oob.wait(b.token, 50)).length, 0);
  });

  test('the SMTP sink records envelope recipients and headers', async (t) => {
    const oob = await new OobListener().start();
    t.after(() => oob.stop());
    const tok = oob.newToken();
    await smtpSend(oob.smtpPort, ['EHLO x', 'MAIL FROM:<a@b.test>', `RCPT TO:<${tok.email}>`, 'DATA', 'Subject: hi', '', 'body', '.', 'QUIT']);
    const seen = await oob.wait(tok.token, 1000);
    assert.equal(seen[0]?.protocol, 'smtp');
    assert.deepEqual(seen[0]?.smtp?.rcpt, [tok.email]);
    assert.match(seen[0]?.smtp?.headers ?? '', /Subject: hi/);
  });

  test('--callback-url changes the URLs and mail domain payloads carry; a bad one is a usage error', async (t) => {
    const oob = await new OobListener({ callbackUrl: 'https://cb.example.test/hook/' }).start();
    t.after(() => oob.stop());
    const tok = oob.newToken();
    assert.equal(tok.url, `https://cb.example.test/hook/${tok.token}`);
    assert.equal(tok.email, `${tok.token}@cb.example.test`);
    await assert.rejects(new OobListener({ callbackUrl: 'not a url' }).start(), (e: unknown) => e instanceof ToolError && e.code === 'E_USAGE');
    await assert.rejects(new OobListener({ callbackUrl: 'ftp://x.test' }).start(), (e: unknown) => e instanceof ToolError && e.code === 'E_USAGE');
  });
});

describe('scanTarget runs the listener for the injection checks', { concurrency: 1 }, () => {
  const app = new App();
  let url = '';
  let spec = '';
  before(async () => {
    addMiscRoutes(app, { smtpPort: 9, strictSmtpPort: 9 });
    url = await app.listen();
    const dir = mkdtempSync(join(tmpdir(), 'rampart-inj-oob-'));
    spec = join(dir, 'openapi.json');
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'previews', version: '1' },
        paths: {
          '/ssrf/vuln/preview': { get: { parameters: [{ name: 'url', in: 'query', required: true, schema: { type: 'string', example: 'https://cdn.example.test/a.png' } }], responses: { '200': { description: 'ok' } } } },
        },
      }),
    );
  });
  after(() => app.close());

  test('scan/server-side-request-forgery is proven through the listener', async () => {
    const r = await scanTarget({ target: url, spec, checks: ['scan/server-side-request-forgery'], checkOptions: { 'scan/server-side-request-forgery': { oobWaitMs: 1000 } } });
    assert.deepEqual(r.run?.findings.map((f) => f.checkId), ['scan/server-side-request-forgery']);
    assert.ok(JSON.stringify(r.run?.findings[0]?.evidence).includes('rmpoob'));
  });

  test('with the listener off there is no proof and no finding', async () => {
    const r = await scanTarget({ target: url, spec, checks: ['scan/server-side-request-forgery'], oob: false });
    assert.deepEqual(r.run?.findings, []);
  });
});
