// A small HTTP toolkit for the injection fixture servers: routing, cookies, bracketed query strings (as
// qs does in Express), JSON, urlencoded and multipart bodies. Fixtures listen on 127.0.0.1, port 0.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Req {
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  /** Flat query: last value wins. */
  readonly query: Record<string, string>;
  /** Query parsed with brackets: `a[$ne]=1` -> `{ a: { $ne: '1' } }`. */
  readonly nestedQuery: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
  readonly cookies: Record<string, string>;
  readonly rawBody: string;
  /** JSON, form or multipart fields. */
  readonly body: Record<string, unknown>;
  readonly raw: IncomingMessage;
}

export type Handler = (req: Req, res: ServerResponse) => unknown;

interface Route {
  readonly method: string;
  readonly re: RegExp;
  readonly names: string[];
  readonly handler: Handler;
}

export class App {
  private readonly routes: Route[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  url = '';
  /** Requests received so far (benchmarks read it). */
  requests = 0;

  on(method: string, pattern: string, handler: Handler): this {
    const names: string[] = [];
    const re = new RegExp(
      `^${pattern.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`)).replace(/\{(\w+)\}/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      })}$`,
    );
    this.routes.push({ method, re, names, handler });
    return this;
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fixture error: ${(e as Error).message}`);
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const u = new URL(req.url ?? '/', 'http://fixture');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const m = r.re.exec(u.pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = safeDecode(m[i + 1]!)));
      const query: Record<string, string> = {};
      for (const [k, v] of u.searchParams) query[k] = v;
      await r.handler(
        {
          method: req.method ?? 'GET',
          path: u.pathname,
          params,
          query,
          nestedQuery: parseNested([...u.searchParams]),
          headers: req.headers,
          cookies: parseCookies(req.headers.cookie ?? ''),
          rawBody,
          body: parseBody(req.headers['content-type'] ?? '', rawBody),
          raw: req,
        },
        res,
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(/;\s*/)) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = safeDecode(part.slice(i + 1));
  }
  return out;
}

/** `a[b]=1` -> `{a: {b: '1'}}`, like qs. */
export function parseNested(pairs: [string, string][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of pairs) {
    const m = /^([^[]+)((?:\[[^\]]*\])+)$/.exec(k);
    if (!m) {
      out[k] = v;
      continue;
    }
    const keys = [...m[2]!.matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]!);
    let cur = (out[m[1]!] && typeof out[m[1]!] === 'object' ? out[m[1]!] : (out[m[1]!] = {})) as Record<string, unknown>;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) cur[key] = v;
      else cur = (cur[key] && typeof cur[key] === 'object' ? cur[key] : (cur[key] = {})) as Record<string, unknown>;
    });
  }
  return out;
}

function parseBody(type: string, raw: string): Record<string, unknown> {
  if (!raw) return {};
  if (type.startsWith('application/json')) {
    try {
      const v = JSON.parse(raw) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  const b = /boundary=("?)([^";]+)\1/.exec(type);
  if (type.startsWith('multipart/form-data') && b) {
    const out: Record<string, unknown> = {};
    for (const part of raw.split(`--${b[2]}`)) {
      const sep = part.indexOf('\r\n\r\n');
      if (sep < 0) continue;
      const name = /name="([^"]*)"/.exec(part.slice(0, sep));
      if (name) out[name[1]!] = part.slice(sep + 4).replace(/\r\n$/, '');
    }
    return out;
  }
  return {};
}

export function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

export function html(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(text);
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
