import { ToolError } from '../core/errors.js';
import { pointerSegments } from '../core/yaml-source.js';
import type { HttpClient } from './client.js';
import type { Credentials, HttpResponse } from './types.js';

/** Where a token obtained by a login request is put. */
export interface TokenUse {
  /** `bearer` (Authorization: Bearer), `header`, `query` or `cookie`. */
  readonly as: 'bearer' | 'header' | 'query' | 'cookie';
  /** Header, query parameter or cookie name (not for `bearer`). */
  readonly name?: string;
  /** Put before the token in a header, e.g. `Token `. */
  readonly prefix?: string;
}

/** One identity of the config's `scan.identities` map (see docs/config.md). */
export type IdentityConfig = { readonly role?: string; readonly username?: string } & (
  | { readonly type: 'bearer'; readonly token: string }
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string; readonly value: string }
  | { readonly type: 'basic'; readonly username: string; readonly password: string }
  | { readonly type: 'cookie'; readonly cookies: Readonly<Record<string, string>> }
  | { readonly type: 'headers'; readonly headers: Readonly<Record<string, string>> }
  | {
      readonly type: 'login';
      readonly request: {
        readonly method?: string;
        readonly url: string;
        readonly headers?: Readonly<Record<string, string>>;
        /** An object is sent as JSON (or as a form with `contentType: application/x-www-form-urlencoded`). */
        readonly body?: unknown;
        readonly contentType?: string;
      };
      /** Where the token is in the response: a JSON pointer into the body, a regex (group 1), or a header. */
      readonly token: { readonly pointer?: string; readonly regex?: string; readonly header?: string };
      readonly use?: TokenUse;
    }
);

/** The schema of each identity kind. */
const IDENTITY_KINDS = [
  { type: 'object', additionalProperties: false, required: ['type', 'token'], properties: { type: { const: 'bearer' }, role: { type: 'string' }, username: { type: 'string' }, token: { type: 'string', minLength: 1 } } },
  {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'in', 'name', 'value'],
    properties: { type: { const: 'apiKey' }, role: { type: 'string' }, username: { type: 'string' }, in: { enum: ['header', 'query', 'cookie'] }, name: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 } },
  },
  {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'username', 'password'],
    properties: { type: { const: 'basic' }, role: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' } },
  },
  {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'cookies'],
    properties: { type: { const: 'cookie' }, role: { type: 'string' }, username: { type: 'string' }, cookies: { type: 'object', additionalProperties: { type: 'string' } } },
  },
  {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'headers'],
    properties: { type: { const: 'headers' }, role: { type: 'string' }, username: { type: 'string' }, headers: { type: 'object', additionalProperties: { type: 'string' } } },
  },
  {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'request', 'token'],
    properties: {
      type: { const: 'login' },
      role: { type: 'string' },
      username: { type: 'string' },
      request: {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: {
          method: { type: 'string' },
          url: { type: 'string', minLength: 1 },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: {},
          contentType: { type: 'string' },
        },
      },
      token: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
        properties: { pointer: { type: 'string' }, regex: { type: 'string' }, header: { type: 'string' } },
      },
      use: {
        type: 'object',
        additionalProperties: false,
        required: ['as'],
        properties: { as: { enum: ['bearer', 'header', 'query', 'cookie'] }, name: { type: 'string' }, prefix: { type: 'string' } },
      },
    },
  },
] as const;

/** JSON Schema of one identity: `type` picks the kind, and only that kind's errors are reported. */
export const identitySchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['bearer', 'apiKey', 'basic', 'cookie', 'headers', 'login'] } },
  allOf: IDENTITY_KINDS.map((k) => ({ if: { required: ['type'], properties: { type: { const: k.properties.type.const } } }, then: k })),
};

/** Pull a token out of a login response. Pure. */
export function extractToken(res: Pick<HttpResponse, 'body' | 'headers'>, where: { pointer?: string; regex?: string; header?: string }): string | undefined {
  if (where.header !== undefined) {
    const v = res.headers[where.header.toLowerCase()];
    if (!v) return undefined;
    if (where.header.toLowerCase() === 'set-cookie') {
      // the whole first cookie pair: `name=value`
      return v.split('\n')[0]!.split(';')[0]!.trim() || undefined;
    }
    return v.replace(/^Bearer\s+/i, '').trim() || undefined;
  }
  if (where.regex !== undefined) {
    const m = new RegExp(where.regex).exec(res.body);
    const v = m?.[1] ?? m?.[0];
    return v || undefined;
  }
  if (where.pointer !== undefined) {
    let cur: unknown;
    try {
      cur = JSON.parse(res.body);
    } catch {
      return undefined;
    }
    for (const seg of pointerSegments(where.pointer)) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
    return typeof cur === 'string' || typeof cur === 'number' ? String(cur) : undefined;
  }
  return undefined;
}

/** The credentials a static identity sends. Pure. */
export function staticCredentials(cfg: IdentityConfig, origin: string, token?: string): Credentials {
  switch (cfg.type) {
    case 'bearer':
      return { origin, headers: { authorization: `Bearer ${cfg.token}` } };
    case 'apiKey':
      if (cfg.in === 'header') return { origin, headers: { [cfg.name]: cfg.value } };
      if (cfg.in === 'query') return { origin, query: { [cfg.name]: cfg.value } };
      return { origin, headers: { cookie: `${cfg.name}=${cfg.value}` } };
    case 'basic':
      return { origin, headers: { authorization: `Basic ${Buffer.from(`${cfg.username}:${cfg.password}`).toString('base64')}` } };
    case 'cookie':
      return { origin, headers: { cookie: Object.entries(cfg.cookies).map(([k, v]) => `${k}=${v}`).join('; ') } };
    case 'headers':
      return { origin, headers: { ...cfg.headers } };
    case 'login': {
      const use = cfg.use ?? { as: 'bearer' as const };
      const t = token ?? '';
      if (use.as === 'bearer') return { origin, headers: { authorization: `Bearer ${t}` } };
      if (use.as === 'header') return { origin, headers: { [use.name ?? 'authorization']: `${use.prefix ?? ''}${t}` } };
      if (use.as === 'query') return { origin, query: { [use.name ?? 'token']: t } };
      // a Set-Cookie token is already `name=value`
      return { origin, headers: { cookie: use.name && !t.startsWith(`${use.name}=`) ? `${use.name}=${t}` : t } };
    }
  }
}

interface State {
  readonly name: string;
  readonly cfg: IdentityConfig;
  creds?: Credentials;
  loggingIn?: Promise<void>;
  logins: number;
  /** The current token got a non-401 answer at least once. */
  worked?: boolean;
  problem?: string;
}

/**
 * The identities of a scan: static credentials, or a login request run through the (scope-guarded)
 * client, re-run once when a response says the token expired (401).
 */
export class IdentityManager {
  private readonly states = new Map<string, State>();

  constructor(
    configs: Readonly<Record<string, IdentityConfig>>,
    private readonly client: HttpClient,
    /** Base URL the login URLs are relative to; credentials are bound to its origin. */
    private readonly base: string,
  ) {
    for (const [name, cfg] of Object.entries(configs)) {
      if (name === 'anonymous') throw new ToolError('E_CONFIG_INVALID', 'the identity name "anonymous" is reserved (it always exists and sends no credentials)');
      this.states.set(name, { name, cfg, logins: 0 });
    }
  }

  names(): string[] {
    return ['anonymous', ...this.states.keys()];
  }

  kindOf(name: string): string {
    return name === 'anonymous' ? 'anonymous' : (this.states.get(name)?.cfg.type ?? 'unknown');
  }

  roleOf(name: string): string | undefined {
    return this.states.get(name)?.cfg.role;
  }

  /** The user name an identity logs in as (login body `username`/`email`/`login`, basic user), if known. */
  principalOf(name: string): string | undefined {
    const cfg = this.states.get(name)?.cfg;
    if (!cfg) return undefined;
    if (cfg.username) return cfg.username;
    if (cfg.type === 'basic') return cfg.username;
    if (cfg.type === 'login' && cfg.request.body && typeof cfg.request.body === 'object') {
      const b = cfg.request.body as Record<string, unknown>;
      const v = b.username ?? b.email ?? b.login ?? b.user;
      return typeof v === 'string' ? v : undefined;
    }
    return undefined;
  }

  /** The bearer token an identity currently sends (undefined for other kinds or before login). */
  currentToken(name: string): string | undefined {
    const st = this.states.get(name);
    const auth = st?.creds?.headers?.authorization ?? (st?.cfg.type === 'bearer' ? `Bearer ${st.cfg.token}` : undefined);
    const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
    return m?.[1];
  }

  /** Log a login identity in again now. False for other kinds or when the login fails. */
  async relogin(name: string): Promise<boolean> {
    const st = this.states.get(name);
    if (!st || st.cfg.type !== 'login') return false;
    return this.loginKeepingPrevious(st, true);
  }

  has(name: string): boolean {
    return name === 'anonymous' || this.states.has(name);
  }

  /** The credentials to attach for `name` (logging in first when needed). */
  async credentials(name: string): Promise<Credentials | undefined> {
    if (name === 'anonymous') return undefined;
    const st = this.states.get(name);
    if (!st) throw new ToolError('E_IDENTITY', `unknown identity "${name}" (known: ${this.names().join(', ')})`);
    if (st.creds) return st.creds;
    if (st.cfg.type !== 'login') {
      st.creds = staticCredentials(st.cfg, new URL(this.base).origin);
      return st.creds;
    }
    await this.login(st);
    return st.creds;
  }

  /**
   * After a 401 for `name`: log in again and say whether a retry makes sense. Only a token that has
   * worked since its login can have expired; a 401 for a token that never worked means the
   * operation refuses this user, so no new login then. A failed re-login keeps the previous token
   * and is remembered (see `loginProblems`).
   */
  async refresh(name: string, usedCreds: Credentials | undefined): Promise<boolean> {
    const st = this.states.get(name);
    if (!st || st.cfg.type !== 'login') return false;
    if (st.creds !== usedCreds && st.creds) return true; // someone else already logged in again
    if (st.logins >= 20 || !st.worked) return false;
    const previous = st.creds;
    return (await this.loginKeepingPrevious(st, false)) && st.creds !== previous;
  }

  /**
   * Log in again; when the login fails, keep the token that worked (a throttled login must not
   * leave the identity without one) and remember the problem. `fresh`: drop the current token first.
   */
  private async loginKeepingPrevious(st: State, fresh: boolean): Promise<boolean> {
    const previous = st.creds;
    if (fresh) st.creds = undefined;
    try {
      await this.login(st);
    } catch (err) {
      st.creds = previous;
      st.problem = (err as Error).message;
      return false;
    }
    return Boolean(st.creds);
  }

  /** Tell the manager how a request with these credentials was answered. */
  noteResponse(name: string, usedCreds: Credentials | undefined, status: number): void {
    const st = this.states.get(name);
    if (st && st.creds === usedCreds && status > 0 && status !== 401) st.worked = true;
  }

  /** Identities whose re-login failed during the scan, with the last error. */
  loginProblems(): { name: string; message: string }[] {
    return [...this.states.values()].filter((s) => s.problem).map((s) => ({ name: s.name, message: s.problem! }));
  }

  private async login(st: State): Promise<void> {
    if (st.loggingIn) return st.loggingIn;
    st.loggingIn = this.doLogin(st).finally(() => {
      st.loggingIn = undefined;
    });
    return st.loggingIn;
  }

  private async doLogin(st: State): Promise<void> {
    const cfg = st.cfg as Extract<IdentityConfig, { type: 'login' }>;
    const url = new URL(cfg.request.url, this.base.endsWith('/') ? this.base : `${this.base}/`);
    if (cfg.request.url.startsWith('/')) url.pathname = cfg.request.url.split('?')[0]!;
    const form = (cfg.request.contentType ?? '').includes('x-www-form-urlencoded');
    const b = cfg.request.body;
    const body = b === undefined ? undefined : typeof b === 'string' ? b : form ? new URLSearchParams(b as Record<string, string>).toString() : JSON.stringify(b);
    const headers: Record<string, string> = { ...(cfg.request.headers ?? {}) };
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = cfg.request.contentType ?? 'application/json';
    st.logins++;
    const res = await this.client.send({ method: (cfg.request.method ?? 'POST').toUpperCase(), url: url.href, headers, body });
    if (res.status === 0) throw new ToolError('E_IDENTITY', `identity "${st.name}": login request to ${url.href} failed: ${res.error?.message}`);
    const token = extractToken(res, cfg.token);
    if (!token) {
      throw new ToolError('E_IDENTITY', `identity "${st.name}": login to ${url.pathname} answered ${res.status} and no token was found at ${JSON.stringify(cfg.token)}`);
    }
    st.creds = staticCredentials(cfg, url.origin, token);
    st.worked = false;
  }
}
