import { maskSecret } from '../../../core/mask.js';
import { defineCodeCheck } from '../define.js';
import type { Expr, Module } from '../ir.js';
import { callsOf, dotted } from '../ir.js';
import type { Project } from '../project.js';

/** The literal a key expression evaluates to, following module-level constants and env fallbacks. */
function literalOf(e: Expr | undefined, mod: Module, project: Project, depth = 0): { value: string; fallback: boolean } | undefined {
  if (!e || depth > 4) return undefined;
  if (e.k === 'str') return e.value.length > 0 ? { value: e.value, fallback: false } : undefined;
  if (e.k === 'op' && /^(\|\||\?\?|or)$/.test(e.op)) { const r = literalOf(e.parts[1], mod, project, depth + 1); return r ? { ...r, fallback: true } : undefined; }
  if (e.k === 'call' && /^(os\.environ\.get|os\.getenv|environ\.get|config)$/.test(dotted(e.callee) ?? '') && e.args[1]?.k === 'str') return { value: e.args[1].value, fallback: true };
  if (e.k === 'name') {
    const r = project.lookup(mod.file, e.name);
    if (r?.value) { const m = project.modules.get(r.file); if (m) return literalOf(r.value, m, project, depth + 1); }
  }
  if (e.k === 'member' && e.obj.k === 'name') {
    const r = project.lookup(mod.file, e.obj.name);
    if (r?.value?.k === 'obj') { const p = r.value.props.find((x) => x.key === e.prop); const m = project.modules.get(r.file); if (p && m) return literalOf(p.value, m, project, depth + 1); }
    if (r?.module) { const x = project.lookupExport(r.module, e.prop); if (x?.value) return literalOf(x.value, r.module, project, depth + 1); }
  }
  return undefined;
}

const PLACEHOLDER = /^(changeme|change-me|your[-_]?secret|xxx+|\$\{.*\}|<.*>)$/i;

export default defineCodeCheck({
  kind: 'module',
  meta: {
    id: 'code/hardcoded-jwt-secret',
    title: 'JWT signing secret written in the source',
    severity: 'high',
    confidence: 'high',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-798', 'CWE-321'],
    description: 'The key that signs or verifies JWTs (or the Flask SECRET_KEY / JWT_SECRET_KEY) is a string literal in the code, directly, through a constant, or as the fallback when an environment variable is missing; anyone with the source can mint tokens.',
    remediation: 'Load the key from a secret store or a required environment variable with no default, fail at start-up when it is missing, and rotate the leaked key.',
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
    messages: {
      literalKey: '{call} uses the hard-coded secret {secret}.',
      fallbackKey: '{call} falls back to the hard-coded secret {secret} when the environment variable is missing.',
    },
  },
  detect(mod, project, report) {
    const py = mod.lang === 'py';
    const emit = (call: string, key: Expr | undefined, line: number): void => {
      const lit = literalOf(key, mod, project);
      if (!lit || PLACEHOLDER.test(lit.value)) return;
      report({ messageId: lit.fallback ? 'fallbackKey' : 'literalKey', data: { call, secret: maskSecret(lit.value) }, file: mod.file, line, evidence: { secret: maskSecret(lit.value) }, key: call });
    };
    const { calls, callees } = callsOf(mod);
    for (let i = 0; i < calls.length; i++) {
      const e = calls[i]!;
      const d = callees[i]!;
      if (!py && /^(jwt|jsonwebtoken)\.(sign|verify)$/.test(d)) emit(`${d}()`, e.args[1], e.line);
      if (!py && /^(passport-jwt|JwtStrategy|Strategy)$/.test(d) && e.args[0]?.k === 'obj') emit('JwtStrategy secretOrKey', e.args[0].props.find((p) => p.key === 'secretOrKey')?.value, e.line);
      if (!py && /^(JwtModule\.register|expressjwt|jwt|expressJwt)$/.test(d) && e.args[0]?.k === 'obj') emit(`${d}() secret`, e.args[0].props.find((p) => p.key === 'secret')?.value, e.line);
      if (py && /^(jwt|jose\.jwt)\.(encode|decode)$/.test(d)) emit(`${d}()`, e.args[1] ?? e.kw.find((k) => k.name === 'key')?.value, e.line);
    }
    if (py) for (const s of mod.body.concat(mod.functions.flatMap((f) => f.body))) {
      if (s.k !== 'assign') continue;
      const t = s.target;
      const name = t.k === 'name' ? t.name : t.k === 'member' ? t.prop : undefined;
      if (name && /^(JWT_SECRET_KEY|SECRET_KEY|JWT_SECRET)$/.test(name)) emit(name, s.value, s.line);
    }
    else for (const s of mod.body) {
      if (s.k === 'assign' && s.target.k === 'name' && /^(JWT_SECRET|jwtSecret|JWT_KEY)$/.test(s.target.name) && s.value.k !== 'str') emit(s.target.name, s.value, s.line);
    }
  },
});
