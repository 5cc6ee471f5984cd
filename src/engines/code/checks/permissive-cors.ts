import { defineCodeCheck } from '../define.js';
import type { Expr, Stmt } from '../ir.js';
import { callsOf, dotted, walkExprs } from '../ir.js';

const isTrue = (e: Expr | undefined): boolean => e?.k === 'lit' && /^(true|True)$/.test(e.text);
const anyOrigin = (e: Expr | undefined): boolean => {
  if (!e) return false;
  if (isTrue(e) || (e.k === 'str' && (e.value === '*' || e.value === '.*'))) return true;
  if (e.k === 'arr') return e.items.some((i) => i.k === 'str' && i.value === '*');
  if (e.k === 'fn') {
    // (origin, cb) => cb(null, true) or cb(null, origin)
    let reflects = false;
    walkExprs(e.fn.body, (x) => { if (x.k === 'call' && x.args.length >= 2 && (isTrue(x.args[1]) || (x.args[1]?.k === 'name' && x.args[1].name === e.fn.params[0]?.name))) reflects = true; });
    return reflects;
  }
  return false;
};

export default defineCodeCheck({
  kind: 'module',
  meta: {
    id: 'code/permissive-cors',
    title: 'CORS reflects any origin with credentials',
    severity: 'high',
    confidence: 'high',
    domain: 'misconfiguration',
    owasp: ['API8:2023'],
    cwe: ['CWE-942'],
    description: 'The CORS configuration allows every origin (origin: true, a callback that accepts all, `*` with credentials, or the request Origin header copied into Access-Control-Allow-Origin) and allows credentials, so any web site can read authenticated responses.',
    remediation: 'List the allowed origins explicitly; never combine credentials with a reflected or wildcard origin.',
    references: ['https://portswigger.net/web-security/cors', 'https://cwe.mitre.org/data/definitions/942.html', 'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/'],
    messages: {
      anyOriginCredentials: '{what} allows any origin together with credentials.',
      reflectedHeader: 'The request Origin header is copied into Access-Control-Allow-Origin while credentials are allowed.',
    },
  },
  detect(mod, _project, report) {
    const py = mod.lang === 'py';
    const credsHeader = mod.lines.some((l) => /Access-Control-Allow-Credentials['"]?\s*[,:=]\s*['"]?true/i.test(l));
    // per function: names holding the request Origin header, and set-calls under an allow-list test
    if (credsHeader && !py) for (const fn of mod.functions) {
      const originVars = new Set<string>();
      for (const s of fn.body) {
        if (s.k !== 'assign' || s.target.k !== 'name' || s.value.k === 'str') continue;
        const v = s.value;
        const text = v.k === 'call' ? `${dotted(v.callee) ?? ''} ${v.args.map((a) => (a.k === 'str' ? a.value : dotted(a) ?? '')).join(' ')}` : dotted(v) ?? '';
        if (/origin/i.test(text)) originVars.add(s.target.name);
      }
      const visit = (list: readonly Stmt[], allowListed: boolean): void => {
        for (const s of list) {
          if (s.k === 'if') {
            let listTest = false;
            walkExprs([{ k: 'expr', e: s.test, line: s.line }], (x) => { if (x.k === 'call' && x.callee.k === 'member' && /^(includes|has|indexOf|test|match)$/.test(x.callee.prop)) listTest = true; });
            const guarded = allowListed || listTest;
            visit(s.then, guarded);
            visit(s.else, allowListed);
          } else if (s.k === 'block' || s.k === 'loop') visit(s.body, allowListed);
          else if (s.k === 'expr' && s.e.k === 'call' && !allowListed && !py) {
            const c = s.e;
            const d = dotted(c.callee) ?? '';
            if (/(setHeader|header|set)$/.test(d) && c.args[0]?.k === 'str' && /^access-control-allow-origin$/i.test(c.args[0].value) && c.args[1]?.k === 'name' && originVars.has(c.args[1].name) && credsHeader) {
              report({ messageId: 'reflectedHeader', file: mod.file, line: c.line });
            }
          }
        }
      };
      visit(fn.body, false);
    }
    const { calls, callees } = callsOf(mod);
    for (let i = 0; i < calls.length; i++) {
      const e = calls[i]!;
      const d = callees[i]!;
      if (!py && /(^|\.)cors$/i.test(d) && e.args[0]?.k === 'obj') {
        const o = e.args[0];
        const get = (k: string): Expr | undefined => o.props.find((p) => p.key === k)?.value;
        if (isTrue(get('credentials')) && anyOrigin(get('origin'))) report({ messageId: 'anyOriginCredentials', data: { what: 'cors()' }, file: mod.file, line: e.line });
      }
      if (!py && /(setHeader|header|set)$/.test(d) && e.args[0]?.k === 'str' && /^access-control-allow-origin$/i.test(e.args[0].value)) {
        const v = dotted(e.args[1]) ?? '';
        const reflected = /(headers\.origin|get\(\)|header\(\))$/i.test(v) || (e.args[1]?.k === 'call' && /origin/i.test(JSON.stringify(e.args[1].args)));
        if (reflected && credsHeader) report({ messageId: 'reflectedHeader', file: mod.file, line: e.line });
      }
      if (py && /^(CORS|flask_cors\.CORS)$/.test(d)) {
        const origins = e.kw.find((k) => k.name === 'origins' || k.name === 'resources')?.value;
        if (isTrue(e.kw.find((k) => k.name === 'supports_credentials')?.value) && (!origins || anyOrigin(origins))) report({ messageId: 'anyOriginCredentials', data: { what: 'CORS(...)' }, file: mod.file, line: e.line });
      }
      if (py && /add_middleware$/.test(d) && /CORSMiddleware$/.test(dotted(e.args[0]) ?? '')) {
        const get = (k: string): Expr | undefined => e.kw.find((x) => x.name === k)?.value;
        if (isTrue(get('allow_credentials')) && (anyOrigin(get('allow_origins')) || anyOrigin(get('allow_origin_regex')))) report({ messageId: 'anyOriginCredentials', data: { what: 'CORSMiddleware' }, file: mod.file, line: e.line });
      }
    }
  },
});
