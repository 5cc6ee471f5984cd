import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * Writing reports out. A report comes as a run of text parts (a large JSON or SARIF report is never
 * one string, see src/report/json-parts.ts); the parts are gathered into slices of a few thousand
 * characters and each slice is written on its own. Written straight to a file descriptor (a file
 * given with `--out`, stdout redirected to a file, or stdout on a pipe, made blocking), the slices
 * are encoded into one reused buffer: a stream would take each slice as a new buffer of its own,
 * megabytes of fresh memory for a large report. A stream (a terminal, a test's stdout) gets the
 * slices as strings.
 */

/** Characters per slice written to a stream: small enough (up to 3 bytes each) for Node's 16 KB on-stack write path. */
const STREAM_SLICE = 4096;
/** Characters per slice written to a file descriptor (encoded into a buffer of three bytes per character). */
const FD_SLICE = 16384;

/** Where slices go: a function given at most `slice` characters at a time. */
interface SliceSink {
  readonly slice: number;
  write(text: string): void;
}

/** Gathers text parts and hands them to a sink in slices; `end()` writes what is left. */
export class SlicedWriter {
  private pending = '';

  constructor(private readonly sink: SliceSink) {}

  write(part: string): void {
    const max = this.sink.slice;
    if (this.pending.length + part.length <= max) {
      this.pending += part;
      return;
    }
    this.flush();
    if (part.length <= max) {
      this.pending = part;
      return;
    }
    let start = 0;
    while (start < part.length) {
      let end = Math.min(start + max, part.length);
      // Never split a surrogate pair: each half alone would be encoded as a replacement character.
      const last = part.charCodeAt(end - 1);
      if (end < part.length && last >= 0xd800 && last <= 0xdbff) end--;
      this.sink.write(part.slice(start, end));
      start = end;
    }
  }

  end(): void {
    this.flush();
    // Only a lone high surrogate can be left: written as a whole string would write it.
    if (this.pending !== '') this.sink.write(this.pending);
    this.pending = '';
  }

  private flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    // A surrogate pair split across two parts (never produced by our renderers) is kept together.
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.sink.write(text.slice(0, -1));
      this.pending = text.slice(-1);
      return;
    }
    this.sink.write(text);
  }
}

/** A sink that writes to a stream. */
export function streamSink(out: Writable): SliceSink {
  return { slice: STREAM_SLICE, write: (text) => void out.write(text) };
}

/**
 * A sink that writes to an open file descriptor through one reused buffer. When the descriptor is
 * a pipe or socket whose reader has gone (`rampart spec api.yaml | head`), the rest is dropped: the
 * report has no reader left, and that is not an error of the run.
 */
export function fdSink(fd: number): SliceSink {
  const buf = Buffer.allocUnsafe(FD_SLICE * 3);
  let readerGone = false;
  return {
    slice: FD_SLICE,
    write(text) {
      if (readerGone) return;
      const n = buf.write(text, 0, 'utf8');
      try {
        for (let off = 0; off < n; ) off += writeSync(fd, buf, off, n - off);
      } catch (err) {
        // EPIPE from a pipe; from a socket (Node's own child processes get socket pairs), ECONNRESET
        // when the reader left data unread.
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EPIPE' && code !== 'ECONNRESET') throw err;
        readerGone = true;
      }
    },
  };
}

/**
 * The file descriptor of this process's stdout when it is a file or a device such as /dev/null
 * (written synchronously by Node anyway), so reports can skip the stream; undefined for pipes,
 * terminals and any other stream, which keep their stream.
 */
export function fileStdoutFd(out: Writable): number | undefined {
  if (out !== process.stdout || (out as { writableLength?: number }).writableLength !== 0) return undefined;
  try {
    const st = fstatSync(1);
    return st.isFile() || (st.isCharacterDevice() && !process.stdout.isTTY) ? 1 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The file descriptor of this process's stdout when it is a pipe or a socket, made blocking:
 * undefined when the stream is not Node's own pipe stream (a test's stdout, a terminal, a file) or
 * still holds data back. Node leaves a pipe non-blocking and queues what the reader has not taken
 * yet, so a 5 MB report written to a pipe sat in memory as copies and drained after the run,
 * through the event loop; written blocking through the descriptor it goes out as it is made.
 */
export function pipeStdoutFd(out: Writable): number | undefined {
  if (out !== process.stdout || (out as { writableLength?: number }).writableLength !== 0) return undefined;
  // The stream's pipe handle (internal to Node, present since its first releases): setBlocking is
  // how Node itself makes a terminal's stdout blocking.
  const handle = (out as { _handle?: { setBlocking?: (blocking: boolean) => number } })._handle;
  if (typeof handle?.setBlocking !== 'function') return undefined;
  try {
    const st = fstatSync(1);
    if (!st.isFIFO() && !st.isSocket()) return undefined;
  } catch {
    return undefined;
  }
  return handle.setBlocking(true) === 0 ? 1 : undefined;
}

/** Write a file from text parts (`produce` calls its `emit` with each part in order). */
export function writeFileParts(path: string, produce: (emit: (part: string) => void) => void): void {
  const fd = openSync(path, 'w');
  try {
    const w = new SlicedWriter(fdSink(fd));
    produce((part) => w.write(part));
    w.end();
  } finally {
    closeSync(fd);
  }
}

/** Write text parts to a stream, or straight to stdout's file descriptor when {@link fileStdoutFd} or {@link pipeStdoutFd} allows. */
export function writeParts(out: Writable, produce: (emit: (part: string) => void) => void): void {
  const fd = fileStdoutFd(out) ?? pipeStdoutFd(out);
  const w = new SlicedWriter(fd === undefined ? streamSink(out) : fdSink(fd));
  produce((part) => w.write(part));
  w.end();
}
