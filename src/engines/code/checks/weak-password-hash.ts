import { defineCodeCheck } from '../define.js';
import type { Expr } from '../ir.js';
import { callsOf, dotted, walkExprs } from '../ir.js';

const PASSWORD = /pass(word)?|pwd|passwd|secret_?answer|pin$/i;
const FAST = /^(md5|sha1|sha224|sha256|sha384|sha512|sha3_\d+|blake2[bs]|md4|ripemd160)$/i;

function mentionsPassword(e: Expr): boolean {
  let yes = false;
  walkExprs([{ k: 'expr', e, line: 0 }], (x) => { if (!yes && (x.k === 'name' || x.k === 'member') && PASSWORD.test(x.k === 'name' ? x.name : x.prop)) yes = true; });
  return yes;
}

export default defineCodeCheck({
  kind: 'module',
  meta: {
    id: 'code/weak-password-hash',
    title: 'Password hashed with a fast unsalted hash',
    severity: 'high',
    confidence: 'medium',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-916', 'CWE-759'],
    description: 'A password is hashed with MD5, SHA-1 or a plain SHA-2/SHA-3 digest (crypto.createHash, hashlib), which is fast to brute-force and, without a per-user salt, open to precomputed tables.',
    remediation: 'Use a password hashing function with a salt and a work factor: argon2id, scrypt, bcrypt or PBKDF2 (crypto.scrypt, argon2, bcrypt, werkzeug generate_password_hash, passlib).',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/916.html'],
    messages: { fastHash: 'The password is hashed with {algorithm}; use argon2id, scrypt, bcrypt or PBKDF2.' },
  },
  detect(mod, _project, report) {
    const py = mod.lang === 'py';
    const bodies = [mod.body, ...mod.functions.map((f) => f.body)];
    callsOf(mod).scoped.forEach((calls, scope) => {
      const body = bodies[scope]!;
      for (const e of calls) {
      const d = dotted(e.callee) ?? '';
      if (!py && e.callee.k === 'member' && e.callee.prop === 'update' && e.callee.obj.k === 'call') {
        const inner = e.callee.obj;
        const alg = inner.args[0];
        if (/createHash$/.test(dotted(inner.callee) ?? '') && alg?.k === 'str' && FAST.test(alg.value.replace('-', '')) && e.args[0] && mentionsPassword(e.args[0])) report({ messageId: 'fastHash', data: { algorithm: alg.value }, file: mod.file, line: e.line });
      }
      if (py) {
        const m = /^hashlib\.(\w+)$/.exec(d);
        if (m && FAST.test(m[1]!) && e.args[0] && mentionsPassword(e.args[0])) report({ messageId: 'fastHash', data: { algorithm: m[1] }, file: mod.file, line: e.line });
        if (d === 'hashlib.new' && e.args[0]?.k === 'str' && FAST.test(e.args[0].value) && e.args[1] && mentionsPassword(e.args[1])) report({ messageId: 'fastHash', data: { algorithm: e.args[0].value }, file: mod.file, line: e.line });
        if (e.callee.k === 'member' && e.callee.prop === 'update' && e.callee.obj.k === 'name' && e.args[0] && mentionsPassword(e.args[0])) {
          // h = hashlib.md5(); h.update(password)
          const hashVar = e.callee.obj.name;
          const assigned = body.find((s) => s.k === 'assign' && s.target.k === 'name' && s.target.name === hashVar && s.value.k === 'call' && /^hashlib\.(\w+)$/.test(dotted(s.value.callee) ?? ''));
          if (assigned && assigned.k === 'assign' && assigned.value.k === 'call') { const alg = (dotted(assigned.value.callee) ?? '').split('.')[1]!; if (FAST.test(alg)) report({ messageId: 'fastHash', data: { algorithm: alg }, file: mod.file, line: e.line }); }
        }
      }
      }
    });
  },
});
