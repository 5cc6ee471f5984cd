import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SlicedWriter, fdSink, fileStdoutFd, pipeStdoutFd, writeFileParts, writeParts } from './output.js';

/** Parts with non-ASCII text and surrogate pairs at every position, some longer than a slice. */
function sampleParts(): string[] {
  const parts: string[] = [];
  for (let i = 0; i < 400; i++) parts.push(`${'é'.repeat(i % 5)}𝄞${'x'.repeat((i * 37) % 900)}`);
  parts.push(`a${'𝄞'.repeat(20_000)}`, 'tail', '\ud83d'); // a part of many slices, then a lone high surrogate last
  return parts;
}

test('SlicedWriter: slices join to the parts, stay within the slice size and never split a surrogate pair', () => {
  const parts = sampleParts();
  const slices: string[] = [];
  const w = new SlicedWriter({ slice: 1000, write: (t) => slices.push(t) });
  for (const p of parts) w.write(p);
  w.end();
  assert.ok(slices.join('') === parts.join(''), 'the slices do not join to the parts');
  assert.ok(slices.length > 40);
  for (const s of slices.slice(0, -1)) {
    assert.ok(s.length <= 1000 && s.length > 0);
    const last = s.charCodeAt(s.length - 1);
    assert.ok(!(last >= 0xd800 && last <= 0xdbff), 'a slice ends inside a surrogate pair');
  }
  // Encoded slice by slice, the bytes are those of the whole text.
  assert.ok(Buffer.concat(slices.map((s) => Buffer.from(s))).equals(Buffer.from(parts.join(''))), 'slice by slice, the bytes differ');
});

test('writeFileParts and fdSink: the file holds exactly the bytes of the joined parts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-output-'));
  try {
    const parts = sampleParts();
    writeFileParts(join(dir, 'a.txt'), (emit) => parts.forEach(emit));
    assert.ok(readFileSync(join(dir, 'a.txt')).equals(Buffer.from(parts.join(''))), 'the file holds other bytes');
    const fd = openSync(join(dir, 'b.txt'), 'w');
    const w = new SlicedWriter(fdSink(fd));
    w.write('x'.repeat(100_000));
    w.end();
    closeSync(fd);
    assert.ok(readFileSync(join(dir, 'b.txt'), 'utf8') === 'x'.repeat(100_000), 'the file holds other text');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeParts: any stream but this process stdout gets string slices through the stream', () => {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  assert.equal(fileStdoutFd(out), undefined);
  const parts = sampleParts();
  writeParts(out, (emit) => parts.forEach(emit));
  // Compared as bytes (the lone surrogate at the end is written as U+FFFD either way); no diff of megabytes on failure.
  assert.ok(Buffer.concat(chunks).equals(Buffer.from(parts.join(''))), 'the stream got other bytes');
  assert.ok(chunks.length > 2);
});

test('writeParts: stdout redirected to a file is written through its descriptor, with the same bytes as through a pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-output-'));
  try {
    const script = `import { writeParts, fileStdoutFd } from ${JSON.stringify(new URL('./output.ts', import.meta.url).href)};
const parts = []; for (let i = 0; i < 3000; i++) parts.push('é𝄞 part ' + i + ' ' + 'x'.repeat(i % 50));
process.stderr.write(String(fileStdoutFd(process.stdout)));
writeParts(process.stdout, (emit) => parts.forEach(emit));`;
    const run = (stdout: 'pipe' | number) => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8' });
    const piped = run('pipe');
    assert.equal(piped.stderr, 'undefined');
    const fd = openSync(join(dir, 'out.txt'), 'w');
    const toFile = run(fd);
    closeSync(fd);
    assert.equal(toFile.stderr, '1', 'stdout on a file is written through its descriptor');
    assert.ok(readFileSync(join(dir, 'out.txt'), 'utf8') === piped.stdout, 'the file and the pipe got other text');
    assert.ok(piped.stdout.length > 100_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeParts: stdout on a pipe is made blocking and written through its descriptor, nothing is left queued, and a reader that goes away ends the writing quietly', async () => {
  // About 2 MB, far past what a pipe holds: written through the stream, most of it would still be
  // queued in the stream when writeParts returns.
  const script = `import { writeParts } from ${JSON.stringify(new URL('./output.ts', import.meta.url).href)};
const parts = []; for (let i = 0; i < 40000; i++) parts.push('é𝄞 part ' + i + ' ' + 'x'.repeat(i % 50));
writeParts(process.stdout, (emit) => parts.forEach(emit));
process.stderr.write('queued:' + process.stdout.writableLength);
if (process.argv[1]) (await import('node:fs')).writeFileSync(process.argv[1], parts.join(''));`;
  const dir = mkdtempSync(join(tmpdir(), 'rampart-output-'));
  try {
    const expectedFile = join(dir, 'expected.txt');
    const piped = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, expectedFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(piped.stderr, 'queued:0');
    assert.ok(piped.stdout === readFileSync(expectedFile, 'utf8'), 'the pipe got other text');
    assert.ok(piped.stdout.length > 1_500_000);

    // The reader closes its end after the first chunk: the writer gets EPIPE and stops, without an error.
    const early = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    early.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    early.stdout.once('data', () => early.stdout.destroy());
    const code = await new Promise((resolve) => early.on('close', resolve));
    assert.deepEqual([code, stderr], [0, 'queued:0']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pipeStdoutFd: only for this process stdout, not for another stream', () => {
  const out = new Writable({ write: (_c, _e, cb) => cb() });
  assert.equal(pipeStdoutFd(out), undefined);
});
