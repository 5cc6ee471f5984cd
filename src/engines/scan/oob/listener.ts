import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ToolError } from '../../../core/errors.js';
import type { Interaction, OobClient, OobToken } from './client.js';

export interface OobListenerOptions {
  /** Interface to listen on; loopback by default. */
  readonly host?: string;
  /**
   * A URL reachable from the target that forwards to this listener (`--callback-url`). Payloads use it
   * instead of the local address; the mail domain is its host name.
   */
  readonly callbackUrl?: string;
  /** Start the SMTP sink too (default true). */
  readonly smtp?: boolean;
}

const TOKEN_RE = /rmpoob[a-z0-9]{12}/g;

/**
 * The out-of-band listener: a tiny HTTP server and an SMTP sink on loopback. Every payload carries its
 * own token, so an interaction proves which payload, in which parameter, reached the listener.
 */
export class OobListener implements OobClient {
  private http?: Server;
  private smtpServer?: TcpServer;
  private readonly interactions: Interaction[] = [];
  private readonly waiters = new Set<() => void>();
  private baseUrl = '';
  private mailDomain = '';
  private readonly sockets = new Set<Socket>();
  smtpPort = 0;
  httpPort = 0;

  constructor(private readonly opts: OobListenerOptions = {}) {}

  get hasSmtp(): boolean {
    return this.smtpServer !== undefined;
  }

  /** Local HTTP base URL (for tests). */
  get localUrl(): string {
    return `http://${this.opts.host ?? '127.0.0.1'}:${this.httpPort}`;
  }

  async start(): Promise<this> {
    const host = this.opts.host ?? '127.0.0.1';
    let publicUrl: URL | undefined;
    if (this.opts.callbackUrl) {
      try {
        publicUrl = new URL(this.opts.callbackUrl);
      } catch {
        throw new ToolError('E_USAGE', `--callback-url is not a URL: ${this.opts.callbackUrl}`);
      }
      if (publicUrl.protocol !== 'http:' && publicUrl.protocol !== 'https:') throw new ToolError('E_USAGE', '--callback-url must be an http(s) URL');
    }
    this.http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        if (chunks.length < 16) chunks.push(c);
      });
      req.on('end', () => {
        const text = `${req.method} ${req.url}\n${Buffer.concat(chunks).toString('utf8').slice(0, 512)}`;
        this.record('http', text, req.socket.remoteAddress ?? '', `${req.method} ${req.url ?? ''}`);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
    this.http.on('connection', (s) => this.track(s));
    this.httpPort = await listen(this.http, host);
    if (this.opts.smtp !== false) {
      this.smtpServer = createTcpServer((s) => this.smtpSession(s));
      this.smtpServer.on('connection', (s) => this.track(s));
      this.smtpPort = await listen(this.smtpServer, host);
    }
    if (publicUrl) {
      this.baseUrl = publicUrl.href.replace(/\/$/, '');
      this.mailDomain = publicUrl.hostname;
    } else {
      this.baseUrl = this.localUrl;
      this.mailDomain = `[${host}]`;
    }
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all([this.http, this.smtpServer].map((srv) => (srv ? new Promise<void>((r) => srv.close(() => r())) : undefined)));
  }

  newToken(): OobToken {
    const token = `rmpoob${randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12)}`;
    return { token, url: `${this.baseUrl}/${token}`, email: `${token}@${this.mailDomain}` };
  }

  all(): readonly Interaction[] {
    return this.interactions;
  }

  async wait(token: string, ms: number): Promise<readonly Interaction[]> {
    const found = () => this.interactions.filter((i) => i.token === token);
    if (found().length > 0 || ms <= 0) return found();
    await new Promise<void>((resolve) => {
      const waiter = () => {
        if (found().length > 0) done();
      };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(waiter);
    });
    return found();
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
  }

  private record(protocol: 'http' | 'smtp', text: string, from: string, summary: string, smtp?: Interaction['smtp']): void {
    const tokens = new Set(text.toLowerCase().match(TOKEN_RE) ?? []);
    for (const token of tokens) {
      this.interactions.push({ protocol, token, from, summary, detail: text.slice(0, 1024), at: Date.now(), ...(smtp ? { smtp } : {}) });
    }
    if (tokens.size > 0) for (const w of [...this.waiters]) w();
  }

  /** A minimal SMTP sink: accepts everything, records envelope and message. */
  private smtpSession(s: Socket): void {
    let buf = '';
    let inData = false;
    let envelope = '';
    let data = '';
    s.setEncoding('utf8');
    s.setTimeout(10_000, () => s.destroy());
    s.on('error', () => {});
    s.write('220 rampart-oob ESMTP\r\n');
    s.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > 1_000_000) return s.destroy();
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          const endAtStart = buf.startsWith('.\r\n') ? 0 : -1;
          if (end < 0 && endAtStart < 0) return;
          const cut = endAtStart === 0 ? 0 : end + 2;
          data += buf.slice(0, cut);
          buf = buf.slice(cut + 3);
          inData = false;
          const rcpt = [...envelope.matchAll(/^RCPT TO:\s*<?([^>\n]*)>?/gim)].map((m) => m[1]!.trim());
          const headerEnd = data.indexOf('\r\n\r\n');
          const headers = headerEnd < 0 ? data : data.slice(0, headerEnd);
          this.record('smtp', `${envelope}\n${data}`, s.remoteAddress ?? '', envelope.trim().replace(/\n/g, '; '), { rcpt, headers });
          envelope = '';
          data = '';
          s.write('250 2.0.0 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') s.write('250 rampart-oob\r\n');
        else if (verb === 'MAIL' || verb === 'RCPT') {
          envelope += `${line}\n`;
          s.write('250 2.1.0 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          s.write('354 end with .\r\n');
        } else if (verb === 'QUIT') {
          s.end('221 bye\r\n');
          return;
        } else if (verb === 'RSET' || verb === 'NOOP') s.write('250 ok\r\n');
        else s.write('502 5.5.2 command not recognized\r\n');
      }
    });
  }
}

function listen(server: Server | TcpServer, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}
