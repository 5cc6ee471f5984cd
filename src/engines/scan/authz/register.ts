// Identities without hand work: when the API has a registration operation and the user allows it,
// register two throw-away users and describe them as login identities (the identity manager logs
// them in like any configured login identity).
import type { IdentityConfig } from '../../../http/identities.js';
import type { HttpRequest, HttpResponse } from '../../../http/types.js';
import type { ApiSurface, Operation } from '../../../surface/model.js';
import { parseJson } from './compare.js';
import { findLoginOperation, loginFields, requestProperties } from './common.js';

const REGISTER_PATH = /(^|\/)(register|registration|signup|sign-up|sign_up|users|accounts)\/?$/i;

/** The registration operation: a POST to a register-like path whose body takes a password. */
export function findRegisterOperation(surface: ApiSurface): Operation | undefined {
  const login = findLoginOperation(surface);
  return surface.operations.find((o) => {
    if (o.method !== 'POST' || o === login || !REGISTER_PATH.test(o.path)) return false;
    const props = Object.entries(requestProperties(o));
    return props.some(([k, s]) => /^(pass|password|passwd|pwd)$/i.test(k) || s.format === 'password') && props.some(([k]) => /^(user|username|user_name|login|email|name)$/i.test(k));
  });
}

/** Where the token is in a login answer: a JSON pointer to a token-like string. Pure. */
export function tokenPointer(body: string): string | undefined {
  const j = parseJson(body);
  const walk = (v: unknown, ptr: string, depth: number): string | undefined => {
    if (depth > 4 || !v || typeof v !== 'object') return undefined;
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      const p = `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (typeof val === 'string' && /^(access_?token|token|id_?token|jwt|auth_?token|session_?token|accessToken|idToken|authToken)$/i.test(k) && val.length >= 8) return p;
      const deeper = walk(val, p, depth + 1);
      if (deeper) return deeper;
    }
    return undefined;
  };
  return walk(j, '', 0);
}

export interface RegisteredIdentities {
  readonly identities: Record<string, IdentityConfig>;
  /** What was created, for the report's change list. */
  readonly created: readonly string[];
}

/**
 * Register `count` throw-away users through the API's own registration and login operations.
 * `send` is the scan's HTTP client (scope guard and budget apply); `random` is seeded.
 */
export async function registerThrowawayUsers(
  surface: ApiSurface,
  base: string,
  send: (req: HttpRequest) => Promise<HttpResponse>,
  random: () => number,
  count = 2,
): Promise<RegisteredIdentities | { error: string }> {
  const reg = findRegisterOperation(surface);
  const login = findLoginOperation(surface);
  if (!reg) return { error: 'the API has no registration operation (a POST to /register, /signup or /users taking a password)' };
  if (!login) return { error: 'the API has no login operation to log the registered users in' };
  const lf = loginFields(login)!;
  const regProps = Object.keys(requestProperties(reg));
  const url = (op: Operation) => `${base.replace(/\/+$/, '')}${op.path}`;
  const identities: Record<string, IdentityConfig> = {};
  const created: string[] = [];
  for (let i = 0; i < count; i++) {
    const tag = Math.floor(random() * 36 ** 6).toString(36);
    const username = `rampart_user${i + 1}_${tag}`;
    const email = `${username}@example.test`;
    const password = `Rp-${tag}-${Math.floor(random() * 1e9).toString(36)}!A9`;
    const body: Record<string, unknown> = {};
    for (const k of regProps) {
      if (/^(pass|password|passwd|pwd)$/i.test(k)) body[k] = password;
      else if (/^(password_?confirm(ation)?|confirm_?password|passwordConfirmation|password2)$/i.test(k)) body[k] = password;
      else if (/mail/i.test(k)) body[k] = email;
      else if (/^(user|username|user_name|login|name|display_?name)$/i.test(k)) body[k] = username;
    }
    const res = await send({ method: 'POST', url: url(reg), headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status < 200 || res.status >= 300) return { error: `registering a throw-away user at ${reg.method} ${reg.path} answered ${res.status}` };
    const loginUser = lf.user && /mail/i.test(lf.user) ? email : (body[lf.user] as string | undefined) ?? username;
    const loginBody = { [lf.user]: loginUser, [lf.password]: password };
    const lr = await send({ method: 'POST', url: url(login), headers: { 'content-type': 'application/json' }, body: JSON.stringify(loginBody) });
    const pointer = lr.status >= 200 && lr.status < 300 ? tokenPointer(lr.body) : undefined;
    if (!pointer) return { error: `logging the registered user in at ${login.method} ${login.path} answered ${lr.status} without a recognisable token` };
    const name = `registered${i + 1}`;
    identities[name] = { type: 'login', role: 'user', username: loginUser, request: { method: 'POST', url: `${new URL(base).pathname.replace(/\/+$/, '')}${login.path}`, body: loginBody }, token: { pointer } };
    created.push(`user ${loginUser} (registered by the scan through ${reg.method} ${reg.path})`);
  }
  return { identities, created };
}
