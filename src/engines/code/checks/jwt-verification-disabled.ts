import { defineCodeCheck } from '../define.js';
import type { Expr } from '../ir.js';
import { callsOf, dotted } from '../ir.js';

const isTrue = (e: Expr | undefined): boolean => e?.k === 'lit' && /^(true|True)$/.test(e.text);
const isFalse = (e: Expr | undefined): boolean => e?.k === 'lit' && /^(false|False)$/.test(e.text);
const hasNone = (e: Expr | undefined): boolean => (e?.k === 'str' && /^none$/i.test(e.value)) || (e?.k === 'arr' && e.items.some(hasNone));
const prop = (o: Expr | undefined, k: string): Expr | undefined => (o?.k === 'obj' ? o.props.find((p) => p.key === k)?.value : undefined);

export default defineCodeCheck({
  kind: 'module',
  meta: {
    id: 'code/jwt-verification-disabled',
    title: 'JWT accepted without verifying its signature or expiry',
    severity: 'critical',
    confidence: 'high',
    domain: 'authentication',
    owasp: ['API2:2023'],
    cwe: ['CWE-347'],
    description: 'A JSON Web Token is decoded without verification (jsonwebtoken decode with no verify in the same function, jose decodeJwt, PyJWT verify_signature=False or verify=False), the `none` algorithm is allowed, or expiry checking is switched off (ignoreExpiration, verify_exp=False).',
    remediation: 'Verify every token with jwt.verify / jwt.decode(..., algorithms=["HS256"]) and a fixed list of algorithms without `none`; keep expiry checks on.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html', 'https://datatracker.ietf.org/doc/html/rfc8725', 'https://cwe.mitre.org/data/definitions/347.html'],
    messages: {
      decodeOnly: '{call} reads the token without checking its signature (no verification before it in this function).',
      noneAlg: 'The `none` algorithm is accepted by {call}: unsigned tokens pass.',
      noExpiry: '{call} ignores token expiry.',
      noVerify: '{call} switches signature verification off.',
    },
  },
  detect(mod, _project, report) {
    const jwtNames = new Set(mod.imports.filter((i) => /^(jsonwebtoken|jwt|jose|pyjwt|jose\.jwt|jwt\.api_jwt)$/i.test(i.module) || /^(jwt|jose)$/.test(i.local)).map((i) => i.local));
    if (jwtNames.size === 0) return;
    const py = mod.lang === 'py';
    for (const calls of callsOf(mod).scoped) {
      const verifyLines = calls.filter((c) => /(^|\.)(verify|jwtVerify|compactVerify|flattenedVerify|generalVerify)$/.test(dotted(c.callee) ?? '')).map((c) => c.line);
      const verifiedBefore = (line: number): boolean => verifyLines.some((l) => l < line) || (verifyLines.length > 0 && !verifyLines.some((l) => l > line) && verifyLines.some((l) => l === line));
      for (const c of calls) {
        const d = dotted(c.callee) ?? '';
        const root = d.split('.')[0]!;
        if (!jwtNames.has(root) && !jwtNames.has(d)) continue;
        const name = d.split('.').pop()!;
        if (!py) {
          if ((name === 'decode' || name === 'decodeJwt') && !verifiedBefore(c.line)) report({ messageId: 'decodeOnly', data: { call: `${d}()` }, file: mod.file, line: c.line });
          const opts = c.args[2] ?? c.args[1];
          if (name === 'verify' || name === 'sign') {
            if (hasNone(prop(opts, 'algorithms')) || hasNone(prop(opts, 'algorithm'))) report({ messageId: 'noneAlg', data: { call: `${d}()` }, file: mod.file, line: c.line });
            if (isTrue(prop(opts, 'ignoreExpiration'))) report({ messageId: 'noExpiry', data: { call: `${d}()` }, file: mod.file, line: c.line });
          }
        } else if (name === 'decode') {
          const options = c.kw.find((k) => k.name === 'options')?.value;
          if (isFalse(prop(options, 'verify_signature')) || isFalse(c.kw.find((k) => k.name === 'verify')?.value)) report({ messageId: 'noVerify', data: { call: `${d}()` }, file: mod.file, line: c.line });
          else if (hasNone(c.kw.find((k) => k.name === 'algorithms')?.value)) report({ messageId: 'noneAlg', data: { call: `${d}()` }, file: mod.file, line: c.line });
          else if (isFalse(prop(options, 'verify_exp'))) report({ messageId: 'noExpiry', data: { call: `${d}()` }, file: mod.file, line: c.line });
        } else if (name === 'get_unverified_claims' || name === 'decode_complete' && isFalse(prop(c.kw.find((k) => k.name === 'options')?.value, 'verify_signature'))) {
          report({ messageId: 'noVerify', data: { call: `${d}()` }, file: mod.file, line: c.line });
        }
      }
    }
  },
});
