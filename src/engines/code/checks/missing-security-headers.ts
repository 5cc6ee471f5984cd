import { defineCodeCheck } from '../define.js';
import { dotted } from '../ir.js';
import type { Project } from '../project.js';

const HEADERS_LIB = /helmet|flask_talisman|Talisman|secure\.Secure|SecureHeaders|fastify-helmet|@fastify\/helmet|django\.middleware\.security|secweb|starlette_csp/;
const cache = new WeakMap<Project, boolean>();
const HEADER_NAMES = /X-Content-Type-Options|Content-Security-Policy|Strict-Transport-Security|X-Frame-Options/i;

export default defineCodeCheck({
  kind: 'module',
  meta: {
    id: 'code/missing-security-headers',
    title: 'No security-headers middleware',
    severity: 'low',
    confidence: 'medium',
    domain: 'misconfiguration',
    owasp: ['API8:2023'],
    cwe: ['CWE-693'],
    description: 'The application object (Express, Fastify, Flask, FastAPI) is created but no part of the code base uses a security-headers middleware (helmet, @fastify/helmet, Flask-Talisman, secure) or sets X-Content-Type-Options, Content-Security-Policy, Strict-Transport-Security or X-Frame-Options itself.',
    remediation: 'Add helmet (Express/Fastify) or Flask-Talisman/secure (Python), or set the headers in one middleware for every response.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html', 'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/'],
    messages: { noHeaders: 'The {framework} app created here never gets security headers (no helmet/Talisman and no header set by hand).' },
  },
  detect(mod, project, report) {
    for (const s of mod.body) {
      if (s.k !== 'assign' || s.value.k !== 'call') continue;
      const d = dotted(s.value.callee) ?? '';
      const framework = mod.lang === 'py' ? (/^(Flask|flask\.Flask)$/.test(d) ? 'Flask' : /^(FastAPI|fastapi\.FastAPI)$/.test(d) ? 'FastAPI' : undefined) : /^express$/.test(d) ? 'Express' : /^(fastify|Fastify)$/.test(d) ? 'Fastify' : undefined;
      if (!framework) continue;
      let protectedSomewhere = cache.get(project);
      if (protectedSomewhere === undefined) {
        protectedSomewhere = false;
        for (const m of project.modules.values()) {
          if (m.imports.some((i) => HEADERS_LIB.test(i.module) || HEADERS_LIB.test(i.imported)) || m.lines.some((l) => HEADER_NAMES.test(l) || /helmet\(|Talisman\(/.test(l))) { protectedSomewhere = true; break; }
        }
        cache.set(project, protectedSomewhere);
      }
      if (!protectedSomewhere) report({ messageId: 'noHeaders', data: { framework }, file: mod.file, line: s.line });
    }
  },
});
