import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { loadOpenApiFile } from '../../surface/openapi.js';
import { isAscii } from 'node:buffer';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ToolError } from '../../core/errors.js';
import type { ProgressSink } from '../../core/progress.js';
import type { Notification } from '../../core/report.js';
import type { FileStats, RevokedEntry, RevokedList } from './derive.js';
import { MAX_LINE_BYTES, OVERLONG_LINE } from './types.js';
import { looksLikeAlb, parseAlbLine } from './parse/alb.js';
import { parseClfLine } from './parse/clf.js';
import { recordFromObject, resolveMapping } from './parse/json.js';

/** An input: a file path, or a stream (stdin) with a display name. */
export type LogSource = { readonly kind: 'file'; readonly path: string; readonly name: string } | { readonly kind: 'stream'; readonly stream: Readable; readonly name: string };

const PROGRESS_EVERY = 200_000;
/** Bytes of an over-long line passed on for its malformed-line sample. */
const OVERLONG_HEAD = 300;

/** What the sink gets for a line longer than MAX_LINE_BYTES that starts at `from` in `b`: the mark and the line's first bytes. */
function overlong(b: Buffer, from: number): string {
  return OVERLONG_LINE + b.toString('utf8', from, Math.min(b.length, from + OVERLONG_HEAD));
}

function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** True when a block looks like binary data rather than text lines. */
export function looksBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 4096);
  if (n === 0) return false;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) odd++;
  }
  return odd / n > 0.05;
}

/** The decompressed bytes of a stream: gzip is detected by its magic number and inflated as it streams. */
async function* decoded(src: Readable, state: { gzip: boolean }): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const head = Buffer.isBuffer(first.value) ? first.value : Buffer.from(first.value as string);
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  if (!isGzip(head)) {
    yield* rest();
    return;
  }
  state.gzip = true;
  const gunzip = createGunzip();
  const feeder = Readable.from(rest());
  feeder.on('error', (err) => gunzip.destroy(err));
  feeder.pipe(gunzip);
  for await (const c of gunzip) yield c as Buffer;
}

/** The time of the first readable line of a file (plain or gzip), NaN when none is found early. */
export async function firstTimeOf(path: string): Promise<number> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of decoded(stream, { gzip: false })) {
      const text = chunk.toString('utf8');
      for (const line of text.split('\n').slice(0, 50)) {
        const t = lineTime(line.replace(/\r$/, ''));
        if (!Number.isNaN(t)) return t;
      }
      return NaN;
    }
  } catch {
    return NaN;
  } finally {
    stream.destroy();
  }
  return NaN;
}

function lineTime(line: string): number {
  if (!line) return NaN;
  if (line.charCodeAt(0) === 123) {
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      const m = resolveMapping(o);
      const r = recordFromObject(o, m);
      return typeof r === 'string' ? NaN : r.time;
    } catch {
      return NaN;
    }
  }
  const r = looksLikeAlb(line) ? parseAlbLine(line) : parseClfLine(line);
  return typeof r === 'string' ? NaN : r.time;
}

/**
 * Files in the order of their first timestamps (rotated logs are often listed newest first, and the
 * detectors' windows need time to move forward). Streams keep their place after the files; when a
 * file's first time cannot be read, the order given is kept.
 */
export async function chronological(sources: readonly LogSource[]): Promise<{ sources: LogSource[]; reordered: boolean }> {
  const files = sources.filter((s) => s.kind === 'file');
  if (files.length < 2) return { sources: [...sources], reordered: false };
  const times = await Promise.all(files.map((f) => (f.kind === 'file' ? firstTimeOf(f.path) : Promise.resolve(NaN))));
  if (times.some((t) => Number.isNaN(t))) return { sources: [...sources], reordered: false };
  const order = files.map((f, i) => ({ f, t: times[i]!, i })).sort((a, b) => a.t - b.t || a.i - b.i);
  const reordered = order.some((o, i) => o.i !== i);
  return { sources: [...order.map((o) => o.f), ...sources.filter((s) => s.kind !== 'file')], reordered };
}

/** What reading the inputs produced besides the analysed lines. */
export interface ReadOutcome {
  readonly notifications: Notification[];
  /** Sources that gave no usable line, with the reason. */
  readonly unusable: { name: string; reason: string }[];
  readonly bytes: number;
  readonly interrupted: boolean;
}

/** Where `readSources` puts lines: the analyser, or a parse worker's deriver. */
export interface LineSink {
  beginFile(name: string): void;
  /**
   * One line without its newline; `offset` is its byte position in the (decompressed) input. With
   * `bytes`, the line is plain ASCII without NUL and its characters are the bytes of `bytes` from
   * `at` on (valid only during the call).
   */
  line(text: string, lineNo: number, offset: number, bytes?: Buffer, at?: number): void;
  readonly lines: number;
  readonly parsed: number;
  filesSeen(): ReadonlyMap<string, FileStats>;
  /** Awaited after each block read: lets a sink hold the reading back (a worker waiting for its consumer). */
  ready?(): Promise<void> | undefined;
}

export interface ReadOptions {
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  /**
   * Read files with blocking reads (a parse worker: no hop through the I/O thread pool per block,
   * which costs dearly on a busy machine; the main thread keeps streams so signals get through).
   */
  readonly blockingReads?: boolean;
  /**
   * The sink keeps no line text, nor any slice of it, once `line` returns (a parse worker, which
   * sends numbers): lines may then be slices of one decoded block instead of one copy each.
   */
  readonly transientLines?: boolean;
}

const BLOCK = 1 << 20;
/** Bytes of a block decoded at once for transient lines (a string well under V8's large-object size). */
const PIECE = 48 * 1024;

/** A file's blocks, read with blocking reads. */
function* blocksOf(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const b = Buffer.allocUnsafe(BLOCK);
      const n = readSync(fd, b, 0, BLOCK, null);
      if (n === 0) return;
      yield n < BLOCK ? b.subarray(0, n) : b;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Stream every source through the analyser line by line, in constant memory: plain or gzip, files or
 * stdin. Problems with one source (binary, truncated gzip, unreadable) become notifications; the
 * caller decides whether anything usable was left.
 */
export async function readSources(sources: readonly LogSource[], analyzer: LineSink, opts: ReadOptions = {}): Promise<ReadOutcome> {
  const notifications: Notification[] = [];
  const unusable: { name: string; reason: string }[] = [];
  let bytes = 0;
  let interrupted = false;
  let nextProgress = PROGRESS_EVERY;
  for (const src of sources) {
    if (opts.signal?.aborted) {
      interrupted = true;
      break;
    }
    analyzer.beginFile(src.name);
    const before = analyzer.parsed;
    let stream: Readable;
    if (src.kind === 'file') {
      // A pipe is streamed as a file is: `rampart logs <(zcat access.log.gz)` names one.
      let why: string | undefined;
      try {
        const st = statSync(src.path);
        if (st.isDirectory()) why = 'a directory';
        else if (!st.isFile() && !st.isFIFO()) why = 'not a regular file or a pipe';
      } catch (err) {
        why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      }
      if (why !== undefined) {
        const reason = `cannot read: ${why}`;
        unusable.push({ name: src.name, reason });
        notifications.push({ level: 'error', code: 'file-unreadable', engine: 'logs', subject: src.name, message: `${src.name}: ${reason}` });
        continue;
      }
      stream = opts.blockingReads ? Readable.from(blocksOf(src.path), { objectMode: false }) : createReadStream(src.path, { highWaterMark: BLOCK });
    } else stream = src.stream;
    const state = { gzip: false };
    let lineNo = 0;
    /** Byte position in the input of the block's first byte (carry included). */
    let base = 0;
    let carry: Buffer | undefined;
    let checked = false;
    let skipping = false;
    let reason = '';
    try {
      for await (const chunk of decoded(stream, state)) {
        bytes += chunk.length;
        if (!checked) {
          checked = true;
          if (looksBinary(chunk)) {
            reason = state.gzip ? 'compressed data is binary, not text lines' : 'binary data, not text lines';
            stream.destroy();
            break;
          }
        }
        let buf = chunk;
        let start = 0;
        if (carry) {
          const nl = chunk.indexOf(10);
          if (nl < 0) {
            // no line ends in this block: keep gathering the line
            buf = Buffer.concat([carry, chunk]);
            carry = undefined;
          } else {
            // the line begun in the last block ends here: join only its two parts, not the blocks
            lineNo++;
            const length = carry.length + nl;
            analyzer.line(length > MAX_LINE_BYTES ? overlong(carry, 0) : Buffer.concat([carry, chunk.subarray(0, nl)]).toString('utf8'), lineNo, base);
            base += carry.length;
            carry = undefined;
            start = nl + 1;
          }
        }
        // a block of plain ASCII (the usual log) is decoded a piece of lines at a time and its lines
        // are slices of a piece, when the sink keeps no line text past the call (a slice keeps its
        // piece alive); pieces stay small enough for the young generation, where a dead one costs
        // nothing (a string of the whole block went to the large-object space, and its turnover
        // brought on full collections)
        const ascii = opts.transientLines === true && isAscii(start === 0 ? buf : buf.subarray(start));
        // its lines come with their bytes when none holds a NUL (a line with one is malformed)
        const inBlock = ascii && buf.indexOf(0, start) < 0 ? buf : undefined;
        let piece = '';
        let pieceStart = 0;
        let pieceEnd = -1;
        for (;;) {
          const nl = buf.indexOf(10, start);
          if (nl < 0) break;
          lineNo++;
          if (skipping) skipping = false;
          else if (nl - start > MAX_LINE_BYTES) analyzer.line(overlong(buf, start), lineNo, base + start);
          else if (ascii) {
            if (nl > pieceEnd) {
              pieceStart = start;
              pieceEnd = start + PIECE >= buf.length ? buf.length : Math.max(nl, buf.lastIndexOf(10, start + PIECE));
              piece = buf.toString('latin1', pieceStart, pieceEnd);
            }
            analyzer.line(piece.slice(start - pieceStart, nl - pieceStart), lineNo, base + start, inBlock, start);
          } else analyzer.line(buf.toString('utf8', start, nl), lineNo, base + start);
          start = nl + 1;
        }
        if (start < buf.length) {
          if (buf.length - start > MAX_LINE_BYTES) {
            // a line longer than any log line: count it once and drop bytes until its end
            if (!skipping) {
              lineNo++;
              analyzer.line(overlong(buf, start), lineNo, base + start);
              skipping = true;
            }
          } else carry = buf.subarray(start);
        }
        base += carry ? buf.length - carry.length : buf.length;
        if (analyzer.lines >= nextProgress) {
          nextProgress += PROGRESS_EVERY;
          opts.progress?.({ engine: 'logs', phase: 'reading', done: analyzer.lines, message: src.name });
        }
        if (opts.signal?.aborted) {
          interrupted = true;
          stream.destroy();
          break;
        }
        const wait = analyzer.ready?.();
        if (wait) await wait;
      }
      if (carry && carry.length > 0 && !skipping) analyzer.line(carry.toString('utf8'), ++lineNo, base);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const msg = state.gzip ? `gzip data is truncated or corrupt after line ${lineNo} (${e.code ?? e.message})` : `read failed after line ${lineNo}: ${e.code ?? e.message}`;
      notifications.push({ level: 'warning', code: state.gzip ? 'gzip-truncated' : 'read-failed', engine: 'logs', subject: src.name, message: `${src.name}: ${msg}; the lines before were analysed` });
      if (analyzer.parsed === before) reason = msg;
    }
    if (analyzer.parsed === before) {
      if (!reason) {
        const seen = analyzer.filesSeen().get(src.name);
        reason = !seen || seen.lines === 0 ? 'empty' : `none of ${seen.lines} lines is a known access-log format`;
      }
      unusable.push({ name: src.name, reason });
      notifications.push({ level: 'error', code: 'file-unusable', engine: 'logs', subject: src.name, message: `${src.name}: ${reason}` });
    }
  }
  return { notifications, unusable, bytes, interrupted };
}

/** What an API description says about operations: path templates, and those tagged as privileged. */
export interface SpecTemplates {
  readonly templates: string[];
  /** Templates of operations tagged admin, internal or management. */
  readonly privileged: string[];
}

function basePath(server: string): string {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+)?(\/[^?#]*)?/i.exec(server);
  return (m?.[1] ?? '').replace(/\/+$/, '');
}

/**
 * Path templates of an OpenAPI 2.0/3.x document (loaded by the surface loader), each also with its
 * servers' base paths, so `/v1/users/42` matches `/users/{id}` served under `/v1`.
 */
export async function readSpecTemplates(path: string): Promise<SpecTemplates> {
  const spec = await loadOpenApiFile(path);
  const templates = new Set<string>();
  const privileged = new Set<string>();
  for (const op of spec.surface.operations) {
    const forms = [op.path];
    for (const s of op.servers.length > 0 ? op.servers : spec.surface.servers) {
      const b = basePath(s);
      if (b) forms.push(b + op.path);
    }
    for (const f of forms) {
      templates.add(f);
      if (op.tags.some((t) => /^(admin|internal|management|ops)$/i.test(t))) privileged.add(f);
    }
  }
  return { templates: [...templates], privileged: [...privileged] };
}

/**
 * Revoked credentials, one a line: a raw token (with or without `Bearer `) or `jti:<id>`, optionally
 * followed by the ISO time it was revoked (uses before it are not incidents); `#` starts a comment.
 */
export function readRevokedList(path: string): RevokedList {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ToolError('E_INPUT_MISSING', `cannot read revoked list ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { position: { file: path }, cause: err });
  }
  const entries: RevokedEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const l = raw.trim();
    if (!l || l.startsWith('#')) return;
    let value = l;
    let since = 0;
    const m = /^(.*\S)\s+(\d{4}-\d{2}-\d{2}T\S+)$/.exec(l);
    if (m) {
      since = Date.parse(m[2]!);
      if (Number.isNaN(since)) throw new ToolError('E_INPUT_INVALID', `${path}:${i + 1}: unreadable revocation time "${m[2]}"`, { position: { file: path, line: i + 1 } });
      value = m[1]!;
    }
    if (value.startsWith('jti:')) entries.push({ jti: value.slice(4).trim(), since });
    else entries.push({ token: value, since });
  });
  return entries;
}
