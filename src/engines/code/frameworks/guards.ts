import type { Expr, Func, Stmt } from '../ir.js';
import { dotted, isModeFlag, walkExprs, walkStmts, withoutModeConjuncts } from '../ir.js';
import type { Guard } from '../model.js';

const RATE = /rate.?limit|limiter|throttl|slow.?down|brute/i;
const AUTHZ = /admin|role|permission|authori[sz]|(^|[^a-z])can[A-Z_]|abilit|acl\b|polic|scope|superuser|staff|owner/i;
const AUTHN = /auth|login|jwt|token|session|passport|protect|require.?user|current.?user|logged|verif|bearer|api.?key|guard|signed.?in|ensure.?user|user.?required/i;

/** Classify a middleware, decorator or dependency by its name. */
export function classifyName(name: string): Guard['kind'] | undefined {
  if (RATE.test(name)) return 'ratelimit';
  if (/public|optional|allow.?any/i.test(name)) return undefined;
  if (AUTHZ.test(name)) return 'authz';
  if (AUTHN.test(name)) return 'authn';
  return undefined;
}

/** Text of an expression used as a guard name: `requireRole('admin')`, `passport.authenticate`. */
export function exprLabel(e: Expr): string {
  if (e.k === 'call') {
    const inner = exprLabel(e.callee);
    const a = e.args[0];
    return `${inner}(${a?.k === 'str' ? `'${a.value}'` : a ? '…' : ''})`;
  }
  return dotted(e) ?? (e.k === 'fn' ? (e.fn.name ?? 'inline function') : e.k === 'arr' ? e.items.map(exprLabel).join(', ') : '?');
}

/** Expressions that mean "the current user" in the frameworks we know. */
export function isCurrentUserExpr(e: Expr, userNames: ReadonlySet<string> = EMPTY): boolean {
  const d = dotted(e);
  if (!d) return false;
  if (/^(req|request|ctx|ctx\.state|res\.locals)\.(user|auth|session\.(user|userId|user_id|uid))\b/.test(d)) return true;
  if (/^(request\.)?(user|auth)$/.test(d) && userNames.has(d)) return true;
  if (/^(current_user|g\.user|session\.user_id|session\.user|session\.userId|request\.user|self\.request\.user|ctx\.state\.user|get_jwt_identity\(\)|get_current_user\(\))\b/.test(d)) return true;
  const root = d.split('.')[0]!.replace(/\(\)$/, '');
  return userNames.has(root);
}
const EMPTY: ReadonlySet<string> = new Set();

function terminates(list: readonly Stmt[]): { yes: boolean; status?: number } {
  let status: number | undefined;
  let yes = false;
  walkStmts(list, (s) => {
    if (s.k === 'return' || s.k === 'throw') yes = true;
    if (s.k === 'expr' && s.e.k === 'call') {
      const d = dotted(s.e.callee) ?? '';
      if (/^(abort|flask\.abort)$/.test(d)) yes = true;
      if (/(^|\.)(sendStatus|status|code)$/.test(d) && s.e.args[0]?.k === 'lit') yes = true;
    }
  });
  walkExprs(list, (e) => {
    if (e.k === 'call') {
      const a = e.args[0];
      const d = dotted(e.callee) ?? '';
      if (a?.k === 'lit' && /^40[13]$/.test(a.text) && /status|abort|sendStatus|code|HTTPException|Response|jsonify|json/i.test(d)) status = Number(a.text);
      for (const k of e.kw) if (k.name === 'status_code' && k.value.k === 'lit' && /^40[13]$/.test(k.value.text)) status = Number(k.value.text);
      if (/Unauthori[sz]ed|Forbidden|PermissionDenied|NotAuthenticated/.test(d)) status = /Forbidden|Permission/.test(d) ? 403 : 401;
    }
    if (e.k === 'name' && /Unauthori[sz]ed|Forbidden|PermissionDenied/.test(e.name)) status ??= /Forbidden|Permission/.test(e.name) ? 403 : 401;
    if (e.k === 'member' && /HTTP_40[13]/.test(e.prop)) status = Number(e.prop.slice(5, 8));
  });
  return { yes, status };
}

/**
 * Checks inside a function body: an `if` on the current user (or a role) that rejects with 401/403,
 * or a call to a helper whose name says it checks the caller.
 */
export function inlineGuards(fn: Func, userNames: ReadonlySet<string> = EMPTY): Guard[] {
  const out: Guard[] = [];
  const unconditional: Stmt[] = [];
  const collect = (list: readonly Stmt[]): void => {
    for (const s of list) {
      if (s.k === 'if' && isModeFlag(s.test)) continue;
      unconditional.push(s);
      if (s.k === 'if') { collect(s.then); collect(s.else); }
      else if (s.k === 'loop' || s.k === 'block') collect(s.body);
    }
  };
  collect(fn.body);
  for (const s of unconditional) {
    if (s.k !== 'if') continue;
    const mentions = { user: false, role: false, token: false };
    walkExprs([{ k: 'expr', e: withoutModeConjuncts(s.test), line: s.line }], (e) => {
      const currentUser = isCurrentUserExpr(e, userNames);
      if (currentUser) mentions.user = true;
      const d = dotted(e) ?? '';
      const userish = /^(me|user|currentUser|current_user|self\.user|g\.user|req\.user|request\.user|res\.locals\.user|ctx\.state\.user|caller|principal|account|auth)\b/.test(d) || currentUser || userNames.has(d.split('.')[0]!);
      if (userish && /role|admin|permission|is_staff|is_superuser|isAdmin|scope/i.test(d)) mentions.role = true;
      if (e.k === 'call' && /(^|\.)(has_?role|has_?permission|is_?admin|can|has_?perm|has_?scope|is_?superuser)$/i.test(dotted(e.callee) ?? '')) mentions.role = true;
      if (/authorization|token|api.?key/i.test(d)) mentions.token = true;
      if (e.k === 'call' && /verif|authenticat|check.?token|decode/i.test(dotted(e.callee) ?? '')) mentions.token = true;
    });
    if (!mentions.user && !mentions.role && !mentions.token) continue;
    const t = terminates(s.then);
    if (!t.yes && t.status === undefined) continue;
    if (mentions.role && (t.status === 403 || t.status === undefined || mentions.user)) out.push({ kind: 'authz', via: 'handler', name: 'role check in handler', file: fn.file, line: s.line });
    else if (mentions.user || mentions.token) out.push({ kind: 'authn', via: 'handler', name: 'user check in handler', file: fn.file, line: s.line });
  }
  walkExprs(unconditional.filter((s) => s.k !== 'if' && s.k !== 'loop' && s.k !== 'block'), (e) => {
    if (e.k !== 'call') return;
    const d = dotted(e.callee) ?? '';
    if (/^(jwt\.verify|jwt\.decode|verify_jwt_in_request|passport\.authenticate)$/.test(d) || /^(require|ensure|check|assert|verify)_?(auth|user|login|token|session|admin|role|permission)/i.test(d.split('.').pop() ?? '')) {
      const kind = classifyName(d) ?? 'authn';
      if (kind !== 'ratelimit') out.push({ kind, via: 'handler', name: `${d}()`, file: fn.file, line: e.line });
    }
  });
  return out;
}
