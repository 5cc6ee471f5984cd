import { closeSync, openSync, writeSync } from 'node:fs';
import type { HttpResponse } from './types.js';
import { redactHeaders } from '../core/mask.js';

/** A HAR 1.2 entry as written by `--har-out`. */
interface HarEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; httpVersion: string; headers: { name: string; value: string }[]; queryString: { name: string; value: string }[]; cookies: []; headersSize: -1; bodySize: number; postData?: { mimeType: string; text: string } };
  response: { status: number; statusText: string; httpVersion: string; headers: { name: string; value: string }[]; cookies: []; content: { size: number; mimeType: string; text: string }; redirectURL: string; headersSize: -1; bodySize: number; _error?: string };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
}

/**
 * Records every exchange for `--har-out`. Bodies are cut (`maxBody` characters) and credentials are
 * masked unless `keepSecrets`. With a `file`, entries are written as they happen (a long scan's
 * recording never sits in memory); without one they are kept for `toJSON()`.
 */
export class HarRecorder {
  private readonly entries: HarEntry[] = [];
  private fd: number | undefined;
  private written = 0;
  constructor(private readonly opts: { maxBody?: number; keepSecrets?: boolean; file?: string } = {}) {
    if (opts.file) {
      this.fd = openSync(opts.file, 'w');
      writeSync(this.fd, '{"log":{"version":"1.2","creator":{"name":"rampart","version":"0.1.0"},"entries":[\n');
    }
  }

  /** Finish the file (no-op without one). */
  close(): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, '\n]}}\n');
    closeSync(this.fd);
    this.fd = undefined;
  }

  record(res: HttpResponse, started: Date): void {
    const max = this.opts.maxBody ?? 16 * 1024;
    const reqHeaders = this.opts.keepSecrets ? res.request.headers : redactHeaders(res.request.headers);
    let query: { name: string; value: string }[] = [];
    try {
      query = [...new URL(res.request.url).searchParams].map(([name, value]) => ({ name, value }));
    } catch {}
    const ct = Object.entries(res.request.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    const entry: HarEntry = {
      startedDateTime: started.toISOString(),
      time: Math.round(res.timeMs),
      request: {
        method: res.request.method,
        url: res.request.url,
        httpVersion: 'HTTP/1.1',
        headers: Object.entries(reqHeaders).map(([name, value]) => ({ name, value })),
        queryString: query,
        cookies: [],
        headersSize: -1,
        bodySize: res.request.body?.length ?? 0,
        ...(res.request.body !== undefined ? { postData: { mimeType: ct, text: res.request.body.slice(0, max) } } : {}),
      },
      response: {
        status: res.status,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        headers: Object.entries(this.opts.keepSecrets ? res.headers : redactHeaders(res.headers)).map(([name, value]) => ({ name, value })),
        cookies: [],
        content: { size: res.size, mimeType: res.headers['content-type'] ?? '', text: res.body.slice(0, max) },
        redirectURL: res.headers.location ?? '',
        headersSize: -1,
        bodySize: res.size,
        ...(res.error ? { _error: `${res.error.code}: ${res.error.message}` } : {}),
      },
      cache: {},
      timings: { send: 0, wait: Math.round(res.timeMs), receive: 0 },
    };
    if (this.fd !== undefined) {
      writeSync(this.fd, `${this.written > 0 ? ',\n' : ''}${JSON.stringify(entry)}`);
      this.written++;
    } else this.entries.push(entry);
  }

  get count(): number {
    return this.fd !== undefined ? this.written : this.entries.length;
  }

  toJSON(): unknown {
    return { log: { version: '1.2', creator: { name: 'rampart', version: '0.1.0' }, entries: this.entries } };
  }
}
