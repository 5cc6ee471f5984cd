import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import checks from './checks/index.js';
import { LogAnalyzer } from './engine.js';
import { looksBinary, readRevokedList, readSources, readSpecTemplates } from './load.js';
import { runLogs } from './run.js';
import { OVERLONG_LINE } from './types.js';
import { ToolError } from '../../core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-logs-load-'));
const LINE = (i: number) => `81.2.3.${i % 250} - - [02/Mar/2026:08:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /api/items/${i} HTTP/1.1" 200 10 "-" "ua"`;
const text = (n: number) => Array.from({ length: n }, (_, i) => LINE(i)).join('\n') + '\n';
const analyzer = () => new LogAnalyzer({ checks, hashKey: Buffer.from('k') });

test('plain, gzip, several files and stdin are read line by line', async () => {
  writeFileSync(join(dir, 'a.log'), text(100));
  writeFileSync(join(dir, 'b.log.gz'), gzipSync(text(50)));
  const a = analyzer();
  const out = await readSources(
    [
      { kind: 'file', path: join(dir, 'a.log'), name: 'a.log' },
      { kind: 'file', path: join(dir, 'b.log.gz'), name: 'b.log.gz' },
      { kind: 'stream', stream: Readable.from([Buffer.from(text(30).slice(0, 500)), Buffer.from(text(30).slice(500))]), name: '-' },
    ],
    a,
  );
  assert.equal(a.parsed, 180);
  assert.equal(a.malformed, 0);
  assert.deepEqual(out.unusable, []);
});

test('lines across 1 MB blocks are read whole, in ASCII and UTF-8 blocks, sliced from pieces of the block or copied', async () => {
  // lines with multi-byte characters, one of them split by each of the first two block boundaries
  const lines: string[] = [];
  let bytes = 0;
  const add = (l: string) => {
    lines.push(l);
    bytes += Buffer.byteLength(l) + 1;
  };
  for (const [boundary, ch] of [[1 << 20, '\u00e9'], [2 << 20, '\u2603']] as const) {
    for (let i = 0; bytes < boundary - 1200; i++) add(i % 7 === 3 ? `${LINE(i)} "caf\u00e9"` : `${LINE(i)}${i % 11 === 0 ? '\r' : ''}`);
    // the run of `ch` starts so that the boundary falls one byte into one of its characters
    const head = 'y'.repeat(boundary - bytes - 300 * Buffer.byteLength(ch) - 1);
    add(`${head}${ch.repeat(400)}`);
  }
  for (let i = 0; i < 10_000; i++) add(LINE(i));
  // lines longer than the piece of an ASCII block decoded at once, but not too long to read
  for (const n of [50 * 1024, 64 * 1024 - 1, 3, 49 * 1024]) {
    add('w'.repeat(n));
    add(LINE(n));
  }
  lines.push('x'.repeat(70 * 1024), 'after the long line');
  writeFileSync(join(dir, 'blocks.log'), `${lines.join('\n')}\n${LINE(1)}`);
  const want = [...lines.slice(0, -2), `${OVERLONG_LINE}${'x'.repeat(300)}`, 'after the long line', LINE(1)];
  for (const transientLines of [true, false]) {
    const got: [string, number, number][] = [];
    const sink = { beginFile: () => {}, line: (t: string, n: number, o: number) => void got.push([t, n, o]), lines: 0, parsed: 1, filesSeen: () => new Map() };
    await readSources([{ kind: 'file', path: join(dir, 'blocks.log'), name: 'blocks.log' }], sink, { blockingReads: true, transientLines });
    assert.equal(got.length, want.length);
    let offset = 0;
    for (let i = 0; i < want.length; i++) {
      assert.deepEqual(got[i], [want[i], i + 1, offset], `line ${i + 1}`);
      offset += Buffer.byteLength(i === want.length - 3 ? lines[i]! : (want[i] as string)) + 1;
    }
  }
});

test('lines of a parse worker come with their bytes only from ASCII blocks without NUL', async () => {
  writeFileSync(join(dir, 'clean.log'), `${LINE(1)}\n${LINE(2)}\n`);
  // the NUL past the first 4 KB, where a file is taken for binary data
  const head = Array.from({ length: 100 }, (_, i) => LINE(i)).join('\n');
  writeFileSync(join(dir, 'nul.log'), `${head}\nbad\u0000line\n${LINE(2)}\n`);
  for (const [file, withBytes] of [['clean.log', true], ['nul.log', false]] as const) {
    const got: boolean[] = [];
    const sink = {
      beginFile: () => {},
      line: (t: string, _n: number, _o: number, b?: Buffer, at?: number) => {
        if (b) assert.equal(b.toString('latin1', at, at! + t.length), t);
        got.push(b !== undefined);
      },
      lines: 0,
      parsed: 1,
      filesSeen: () => new Map(),
    };
    await readSources([{ kind: 'file', path: join(dir, file), name: file }], sink, { blockingReads: true, transientLines: true });
    assert.ok(got.length >= 2 && got.every((x) => x === withBytes), `${file}: ${got.join(',')}`);
  }
});

test('a line without its final newline and CRLF endings are read', async () => {
  const a = analyzer();
  await readSources([{ kind: 'stream', stream: Readable.from([Buffer.from(`${LINE(1)}\r\n${LINE(2)}`)]), name: '-' }], a);
  assert.equal(a.parsed, 2);
});

test('truncated gzip: the lines before are analysed and a warning names the file', async () => {
  const gz = gzipSync(text(2000));
  writeFileSync(join(dir, 'cut.log.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
  const a = analyzer();
  const out = await readSources([{ kind: 'file', path: join(dir, 'cut.log.gz'), name: 'cut.log.gz' }], a);
  assert.ok(a.parsed > 0 && a.parsed < 2000, String(a.parsed));
  assert.ok(out.notifications.some((n) => n.code === 'gzip-truncated' && /truncated or corrupt/.test(n.message)));
  assert.deepEqual(out.unusable, []);
});

test('binary input is skipped as unusable; nothing usable is exit 2 (E_LOG_PARSE)', async () => {
  const bin = Buffer.alloc(4096);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 37) % 256;
  writeFileSync(join(dir, 'bin.log'), bin);
  assert.ok(looksBinary(bin));
  await assert.rejects(
    runLogs({ sources: [{ kind: 'file', path: join(dir, 'bin.log'), name: 'bin.log' }], analyzer: { checks, hashKey: Buffer.from('k') }, now: () => new Date() }),
    (e: unknown) => e instanceof ToolError && e.code === 'E_LOG_PARSE' && /binary/.test(e.message),
  );
});

test('malformed lines are counted and sampled with their reasons, the rest analysed', async () => {
  // the NUL line comes after the first 4 KB, where a file would be taken for binary data as a whole
  writeFileSync(join(dir, 'mixed.log'), `${text(20)}this is not a log line\n1.2.3.4 - - [99/Zzz/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1\n${'x'.repeat(70_000)}\nbad\u0000line\n${'y'.repeat(70_000)}`);
  // read here and in a parse worker
  for (const parallel of ['off', 'on'] as const) {
    const run = await runLogs({ sources: [{ kind: 'file', path: join(dir, 'mixed.log'), name: 'mixed.log' }], analyzer: { checks, hashKey: Buffer.from('k') }, now: () => new Date(), parallel });
    assert.equal(run.stats.parseWorkers, parallel === 'on' ? 1 : 0);
    assert.equal(run.stats.parsed, 20);
    assert.equal(run.stats.malformed, 5);
    const warn = run.notifications.find((n) => n.code === 'lines-malformed');
    assert.match(warn!.message, /5 of 25 lines/);
    assert.match(warn!.message, /line longer than 64 KB/);
    const sample = (line: number) => run.notifications.find((n) => n.code === 'line-malformed' && n.subject === `mixed.log:${line}`)?.message;
    assert.ok(sample(21));
    // a line too long to read is named as such (not as binary data), with its first bytes
    assert.equal(sample(23), `line longer than 64 KB: ${'x'.repeat(300)}`);
    assert.equal(sample(25), `line longer than 64 KB: ${'y'.repeat(300)}`);
    // a line with a NUL byte is binary data
    assert.match(sample(24)!, /^binary data: /);
  }
});

test('missing files and unknown formats are unusable with a reason', async () => {
  writeFileSync(join(dir, 'prose.txt'), 'Dear diary,\ntoday nothing happened.\n');
  await assert.rejects(
    runLogs({ sources: [{ kind: 'file', path: join(dir, 'prose.txt'), name: 'prose.txt' }, { kind: 'file', path: join(dir, 'nope.log'), name: 'nope.log' }], analyzer: { checks, hashKey: Buffer.from('k') }, now: () => new Date() }),
    (e: unknown) => e instanceof ToolError && /prose\.txt: none of 2 lines/.test(e.message) && /nope\.log: cannot read: ENOENT/.test(e.message),
  );
});

test('a named pipe is read as a file (process substitution names one); a directory or a device is unusable with its reason', async () => {
  const fifo = join(dir, 'access.fifo');
  execFileSync('mkfifo', [fifo]);
  // The writer opens the pipe once the run opens it for reading.
  const writer = new Promise<void>((done, fail) => {
    const w = createWriteStream(fifo);
    w.on('error', fail);
    w.end(text(50), () => done());
  });
  const run = await runLogs({ sources: [{ kind: 'file', path: fifo, name: 'access.fifo' }], analyzer: { checks, hashKey: Buffer.from('k') }, now: () => new Date() });
  await writer;
  assert.equal(run.stats.parsed, 50);
  await assert.rejects(
    runLogs({ sources: [{ kind: 'file', path: dir, name: 'logs/' }, { kind: 'file', path: '/dev/zero', name: '/dev/zero' }], analyzer: { checks, hashKey: Buffer.from('k') }, now: () => new Date() }),
    (e: unknown) => e instanceof ToolError && /logs\/: cannot read: a directory/.test(e.message) && /\/dev\/zero: cannot read: not a regular file or a pipe/.test(e.message),
  );
});

test('revoked list and spec templates', () => {
  writeFileSync(join(dir, 'revoked.txt'), '# revoked\nBearer abc123abc123\njti:j-7 2026-03-02T09:00:00Z\n');
  assert.deepEqual(readRevokedList(join(dir, 'revoked.txt')), [
    { token: 'Bearer abc123abc123', since: 0 },
    { jti: 'j-7', since: Date.UTC(2026, 2, 2, 9) },
  ]);
  writeFileSync(join(dir, 'bad-revoked.txt'), 'tok 2026-99-99T00:00:00Z\n');
  assert.throws(() => readRevokedList(join(dir, 'bad-revoked.txt')), /bad-revoked.txt:1/);
});

test('spec templates (with server base paths) and privileged tags', async () => {
  writeFileSync(
    join(dir, 'spec.yaml'),
    'openapi: 3.1.0\ninfo: {title: t, version: "1"}\nservers: [{url: "https://api.example.com/v1"}]\npaths:\n  /users/{id}:\n    get: {responses: {"200": {description: ok}}}\n  /ops/reindex:\n    post: {tags: [admin], responses: {"200": {description: ok}}}\n',
  );
  const s = await readSpecTemplates(join(dir, 'spec.yaml'));
  assert.deepEqual(s.templates.sort(), ['/ops/reindex', '/users/{id}', '/v1/ops/reindex', '/v1/users/{id}']);
  assert.deepEqual(s.privileged.sort(), ['/ops/reindex', '/v1/ops/reindex']);
  writeFileSync(join(dir, 'notspec.yaml'), 'a: 1\n');
  await assert.rejects(readSpecTemplates(join(dir, 'notspec.yaml')), (e: unknown) => e instanceof ToolError && /^E_SPEC_/.test(e.code));
});

test('AWS ALB lines are detected and analysed (failed logins without account names)', async () => {
  const alb = (i: number) => `https 2026-03-02T08:00:${String(i).padStart(2, '0')}.000000Z app/lb/1 45.1.2.3:${1000 + i} 10.0.0.1:80 0.001 0.002 0.000 401 401 34 66 "POST https://api.example.com:443/api/login HTTP/1.1" "python-requests/2.31.0" - - arn:x "Root=1" "-" "-" 0 2026-03-02T08:00:00Z "forward" "-" "-" "10.0.0.1:80" "401" "-" "-"`;
  writeFileSync(join(dir, 'alb.log'), Array.from({ length: 25 }, (_, i) => alb(i)).join('\n'));
  const run = await runLogs({ sources: [{ kind: 'file', path: join(dir, 'alb.log'), name: 'alb.log' }], analyzer: { checks, hashKey: Buffer.from('k') }, now: () => new Date() });
  assert.equal(run.stats['format:alb.log'], 'aws-alb');
  assert.deepEqual(run.findings.map((f) => f.checkId), ['logs/brute-force']);
});

test('rotated files given newest first are analysed oldest first', async () => {
  const fail = (i: number) => `45.1.2.3 - alice [02/Mar/2026:08:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "POST /api/login HTTP/1.1" 401 10 "-" "ua"`;
  writeFileSync(join(dir, 'rot.log.1.gz'), gzipSync(Array.from({ length: 12 }, (_, i) => fail(i * 5)).join('\n')));
  writeFileSync(join(dir, 'rot.log'), Array.from({ length: 12 }, (_, i) => fail(60 + i * 5)).join('\n'));
  const run = await runLogs({
    sources: [
      { kind: 'file', path: join(dir, 'rot.log'), name: 'rot.log' },
      { kind: 'file', path: join(dir, 'rot.log.1.gz'), name: 'rot.log.1.gz' },
    ],
    analyzer: { checks, hashKey: Buffer.from('k') },
    now: () => new Date(),
  });
  assert.ok(run.notifications.some((n) => n.code === 'inputs-reordered' && /rot\.log\.1\.gz, rot\.log$/.test(n.message)));
  assert.deepEqual(run.findings.map((f) => f.checkId), ['logs/brute-force']);
  assert.equal(run.findings[0]!.location.kind === 'log' && run.findings[0]!.location.file, 'rot.log.1.gz');
});
