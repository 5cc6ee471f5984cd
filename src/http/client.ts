import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { HostPacer, Semaphore } from './rate.js';
import { ScopeGuard } from './scope.js';
import type { HttpErrorCode, HttpRequest, HttpResponse, RedirectRecord } from './types.js';

export interface ClientOptions {
  readonly scope: ScopeGuard;
  /** Requests in flight at most (also the connection pool size per origin). */
  readonly concurrency?: number;
  /** Requests per second per host; 0 or undefined = unlimited. */
  readonly rps?: number;
  readonly connectTimeoutMs?: number;
  /** Time for one exchange, from sending to the end of the body. */
  readonly timeoutMs?: number;
  /** Upper bound for a per-request `timeoutMs` (timing probes may ask for more than the default). */
  readonly maxTimeoutMs?: number;
  /** Response bytes kept (after decompression); the rest is counted and discarded. */
  readonly maxBytes?: number;
  /** Bytes read at most per response (kept + discarded) before the connection is dropped. */
  readonly drainLimit?: number;
  /** Retries after connection errors (never after a response was received). */
  readonly retries?: number;
  readonly retryBaseMs?: number;
  /** Requests (redirect hops included) allowed in total; undefined = unlimited. */
  readonly budget?: number;
  readonly maxRedirects?: number;
  readonly signal?: AbortSignal;
  /** Called for every exchange (each redirect hop too): the HAR recorder. */
  readonly onExchange?: (res: HttpResponse, startedAt: Date) => void;
  /** Called when something is refused by the scope guard. */
  readonly onBlocked?: (url: string, why: string) => void;
  readonly userAgent?: string;
}

/** Counters the engine reports as stats. */
export interface ClientStats {
  sent: number;
  failed: number;
  retried: number;
  blocked: number;
  bytes: number;
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });
/** Abort reason used when the byte cap is reached (not an error of the exchange). */
const CAP_REACHED = Object.assign(new Error('response byte cap reached'), { name: 'CapReached' });

const RETRYABLE: ReadonlySet<HttpErrorCode> = new Set(['connection-refused', 'connection-reset', 'connect-timeout']);

/**
 * The HTTP client every scan request goes through: scope guard, pooling, concurrency, per-host rate,
 * timeouts, retry on connection errors, byte cap (also on decompressed bodies), manual redirects,
 * budget. `send` never throws: failures come back with `status: 0` and `error`.
 */
export class HttpClient {
  readonly scope: ScopeGuard;
  readonly stats: ClientStats = { sent: 0, failed: 0, retried: 0, blocked: 0, bytes: 0 };
  private readonly agent: Agent;
  private readonly sem: Semaphore;
  private readonly pacer: HostPacer;
  private readonly o: Required<Omit<ClientOptions, 'budget' | 'signal' | 'onExchange' | 'onBlocked' | 'rps' | 'scope'>> & ClientOptions;
  private remaining: number;

  constructor(options: ClientOptions) {
    this.scope = options.scope;
    this.o = {
      concurrency: 8,
      connectTimeoutMs: 5000,
      timeoutMs: 15000,
      maxTimeoutMs: 60000,
      maxBytes: 1024 * 1024,
      drainLimit: 8 * 1024 * 1024,
      retries: 2,
      retryBaseMs: 100,
      maxRedirects: 5,
      userAgent: 'rampart-scan/0.1',
      ...options,
    };
    this.remaining = options.budget ?? Infinity;
    this.sem = new Semaphore(Math.max(1, this.o.concurrency));
    this.pacer = new HostPacer(options.rps ?? 0);
    this.agent = new Agent({
      connections: Math.max(1, this.o.concurrency),
      pipelining: 1,
      connect: { timeout: this.o.connectTimeoutMs },
      headersTimeout: this.o.timeoutMs,
      bodyTimeout: this.o.timeoutMs,
      keepAliveTimeout: 4000,
    });
  }

  /** Requests still allowed by the budget. */
  get budgetLeft(): number {
    return this.remaining;
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => this.agent.destroy());
  }

  /** Send one request, following in-scope redirects. Never throws. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const redirects: RedirectRecord[] = [];
    let method = req.method.toUpperCase();
    let url = req.url;
    let body = req.body;
    let headers = { ...(req.headers ?? {}) };
    const follow = req.followRedirects !== false;
    for (let hop = 0; ; hop++) {
      const res = await this.sendOne({ ...req, method, url, body, headers }, redirects);
      const location = res.headers.location;
      if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        redirects.push({ status: res.status, from: url, location, followed: false, reason: 'invalid' });
        return { ...res, redirects: [...redirects] };
      }
      const reason = !follow ? 'disabled' : hop >= this.o.maxRedirects ? 'limit' : !this.scope.allows(next) ? 'out-of-scope' : undefined;
      redirects.push({ status: res.status, from: url, location: next.href, followed: reason === undefined, ...(reason ? { reason } : {}) });
      if (reason === 'out-of-scope') {
        this.stats.blocked++;
        this.o.onBlocked?.(next.href, `redirect from ${url}`);
      }
      if (reason) return { ...res, redirects: [...redirects] };
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)));
      }
      url = next.href;
    }
  }

  private async sendOne(req: HttpRequest, redirects: RedirectRecord[]): Promise<HttpResponse> {
    const method = req.method.toUpperCase();
    let target: URL;
    try {
      target = new URL(req.url);
    } catch {
      return this.failure(req, 'other', `invalid URL ${req.url}`, 0, redirects);
    }
    if (!this.scope.allows(target)) {
      this.stats.blocked++;
      this.o.onBlocked?.(target.href, 'request');
      return this.failure(req, 'out-of-scope', `${target.origin} is outside the scan scope (${this.scope.describe()})`, 0, redirects);
    }
    const headers: Record<string, string> = { 'user-agent': this.o.userAgent, ...(req.headers ?? {}) };
    const cred = req.credentials;
    if (cred && cred.origin === target.origin) {
      for (const [k, v] of Object.entries(cred.headers ?? {})) {
        // a cookie credential joins cookies the request already has
        const existing = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase());
        if (existing && k.toLowerCase() === 'cookie') headers[existing] = `${headers[existing]}; ${v}`;
        else {
          if (existing) delete headers[existing];
          headers[k] = v;
        }
      }
      for (const [k, v] of Object.entries(cred.query ?? {})) target.searchParams.set(k, v);
    }
    const bodyText = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : Buffer.from(req.body).toString('utf8');
    const sent = { method, url: target.href, headers, ...(bodyText !== undefined ? { body: bodyText } : {}) };

    let attempt = 0;
    for (;;) {
      if (this.o.signal?.aborted) return this.failure(sent, 'aborted', 'scan aborted', 0, redirects);
      if (this.remaining <= 0) return this.failure(sent, 'budget', 'request budget exhausted', 0, redirects);
      this.remaining--;
      const wait = this.pacer.reserve(target.host);
      if (wait > 0) await sleep(wait, this.o.signal);
      if (!this.sem.tryAcquire()) await this.sem.acquire();
      const started = this.o.onExchange ? new Date() : undefined;
      const t0 = performance.now();
      let res: HttpResponse;
      try {
        this.stats.sent++;
        res = await this.exchange(target, sent, req, t0, redirects);
      } finally {
        this.sem.release();
      }
      if (res.error && RETRYABLE.has(res.error.code) && attempt < this.o.retries && !this.o.signal?.aborted) {
        attempt++;
        this.stats.retried++;
        await sleep(this.o.retryBaseMs * 2 ** (attempt - 1), this.o.signal);
        continue;
      }
      if (res.error) this.stats.failed++;
      if (started) this.o.onExchange?.(res, started);
      return res;
    }
  }

  /**
   * One exchange through undici's dispatch API with a handler of our own: the body is counted and
   * capped as it arrives (no stream objects per request), compressed bodies are inflated with their
   * output capped too, and the total timeout or the scan's signal aborts it.
   */
  private exchange(target: URL, sent: HttpResponse['request'], req: HttpRequest, t0: number, redirects: RedirectRecord[]): Promise<HttpResponse> {
    const timeoutMs = Math.min(req.timeoutMs ?? this.o.timeoutMs, this.o.maxTimeoutMs);
    const maxBytes = req.maxBytes ?? this.o.maxBytes;
    const drainLimit = Math.max(maxBytes, this.o.drainLimit);
    const scanSignal = this.o.signal;
    return new Promise<HttpResponse>((resolve) => {
      let status = 0;
      let headers: Record<string, string> = {};
      let ctrl: Dispatcher.DispatchController | undefined;
      let abortReason: Error | undefined;
      let settled = false;
      let timedOut = false;
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let size = 0;
      let truncated = false;
      let capped = false;
      let decoder: Transform | undefined;
      const take = (chunk: Buffer) => {
        size += chunk.length;
        if (keptBytes < maxBytes) {
          const part = chunk.length > maxBytes - keptBytes ? chunk.subarray(0, maxBytes - keptBytes) : chunk;
          kept.push(part);
          keptBytes += part.length;
          if (part.length < chunk.length) truncated = true;
        } else truncated = true;
      };
      const abort = (reason: Error) => {
        abortReason ??= reason;
        if (ctrl && !ctrl.aborted) ctrl.abort(reason);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        abort(Object.assign(new Error(`no complete response within ${timeoutMs} ms`), { name: 'TimeoutError' }));
      }, timeoutMs);
      const onScanAbort = () => abort(Object.assign(new Error('scan aborted'), { name: 'AbortError' }));
      scanSignal?.addEventListener('abort', onScanAbort, { once: true });
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        scanSignal?.removeEventListener('abort', onScanAbort);
        decoder?.destroy();
        this.stats.bytes += size;
        const timeMs = performance.now() - t0;
        if (status === 0) {
          const code = scanSignal?.aborted ? 'aborted' : timedOut ? 'timeout' : classify(err);
          resolve(this.failure(sent, code, describeError(err, code, timeoutMs), timeMs, redirects));
          return;
        }
        const bodyErr = err && !capped ? { code: scanSignal?.aborted ? ('aborted' as const) : timedOut ? ('timeout' as const) : classify(err), message: `body: ${(err as Error).message}` } : undefined;
        resolve({
          status,
          headers,
          body: UTF8.decode(kept.length === 1 ? kept[0] : Buffer.concat(kept)),
          size,
          truncated: truncated || capped || Boolean(bodyErr && size > 0),
          timeMs,
          url: target.href,
          redirects: [...redirects],
          ...(bodyErr ? { error: bodyErr } : {}),
          request: sent,
        });
      };
      const cap = () => {
        capped = true;
        truncated = true;
        abort(CAP_REACHED);
      };
      if (scanSignal?.aborted) return finish(new Error('scan aborted'));
      try {
        this.agent.dispatch(
          {
            origin: target.origin,
            path: `${target.pathname}${target.search}`,
            method: sent.method as Dispatcher.HttpMethod,
            headers: sent.headers,
            body: req.body === undefined ? null : typeof req.body === 'string' ? req.body : Buffer.from(req.body),
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          {
            onRequestStart(c) {
              ctrl = c;
              if (abortReason) c.abort(abortReason);
            },
            onResponseStart(c, statusCode, h) {
              if (statusCode < 200) return;
              status = statusCode;
              headers = flattenHeaders(h);
              const enc = (headers['content-encoding'] ?? '').trim().toLowerCase();
              const d = enc === 'gzip' || enc === 'x-gzip' ? createGunzip() : enc === 'deflate' ? createInflate() : enc === 'br' ? createBrotliDecompress() : undefined;
              if (d) {
                decoder = d;
                // decompressed output is capped at maxBytes: a bomb is cut as soon as it expands past it
                d.on('data', (out: Buffer) => {
                  take(out);
                  if (size >= maxBytes && !capped) cap();
                });
                d.on('error', (e) => {
                  if (size === 0) finish(e);
                  else finish();
                });
                d.on('end', () => finish());
                d.on('drain', () => c.resume());
              }
            },
            onResponseData(c, chunk) {
              if (capped) return;
              if (decoder) {
                if (!decoder.write(chunk)) c.pause();
                return;
              }
              take(chunk);
              if (size >= drainLimit) cap();
            },
            onResponseEnd() {
              if (decoder && !capped) decoder.end();
              else finish();
            },
            onResponseError(_c, err) {
              if (capped || err === CAP_REACHED) finish();
              else finish(err);
            },
          },
        );
      } catch (err) {
        finish(err);
      }
    });
  }

  private failure(sent: HttpResponse['request'] | HttpRequest, code: HttpErrorCode, message: string, timeMs: number, redirects: readonly RedirectRecord[]): HttpResponse {
    const request = {
      method: sent.method,
      url: sent.url,
      headers: { ...(sent.headers ?? {}) },
      ...(sent.body !== undefined ? { body: typeof sent.body === 'string' ? sent.body : Buffer.from(sent.body).toString('utf8') } : {}),
    };
    return { status: 0, headers: {}, body: '', size: 0, truncated: false, timeMs, url: sent.url, redirects: [...redirects], error: { code, message }, request };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    const name = k.toLowerCase();
    out[name] = Array.isArray(v) ? v.join(name === 'set-cookie' ? '\n' : ', ') : v;
  }
  return out;
}

function classify(err: unknown): HttpErrorCode {
  const e = err as { code?: string; name?: string; cause?: { code?: string }; message?: string };
  const code = e?.code ?? e?.cause?.code ?? '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect-timeout';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'connection-reset';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || e?.name === 'TimeoutError') return 'timeout';
  if (e?.name === 'AbortError') return 'aborted';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (e?.name === 'HTTPParserError' || /does not match the HTTP\/1\.1 protocol/.test(String(e?.message)) || code.startsWith('HPE_') || code === 'UND_ERR_INFO' || code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code.startsWith('Z_')) return 'protocol';
  return 'other';
}

function describeError(err: unknown, code: HttpErrorCode, timeoutMs: number): string {
  if (code === 'timeout') return `no complete response within ${timeoutMs} ms`;
  const e = err as Error & { code?: string };
  return `${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(err)}`;
}
