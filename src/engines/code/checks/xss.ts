import type { Call } from '../ir.js';
import { defineCodeCheck, taintReport } from '../define.js';

// res.send with a string is served as text/html by Express; res.json is not HTML.
const notJsonType = (c: Call): boolean => !(c.callee.k === 'member' && c.callee.obj.k === 'call' && /type|contentType/.test(JSON.stringify(c.callee.obj.callee)) && /json|plain/.test(JSON.stringify(c.callee.obj.args)));

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/xss',
    title: 'HTML response built from request input',
    severity: 'high',
    confidence: 'medium',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-79'],
    description: 'Request input is written into an HTML response without escaping: Express res.send/res.write of a string, Flask views returning a string, render_template_string, Markup(), HTMLResponse, or a template with escaping switched off.',
    remediation: 'Render through a template engine with auto-escaping, escape values for HTML (escape-html, markupsafe.escape), or answer with JSON.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/79.html'],
    messages: { tainted: '{source} is written into an HTML response by {sink} without escaping.' },
  },
  sanitisers: ['numeric conversion', 'HTML escaping (escape-html, he.encode, validator.escape, lodash escape, DOMPurify.sanitize, sanitize-html, html.escape, markupsafe.escape, bleach.clean)', 'URL encoding', 'allow-list checks'],
  sinks: [
    { kind: 'xss', what: 'HTML response', names: ['send', 'write', 'end'], callee: /^(res|response|reply|ctx\.res)(\.status\(\)|\.type\(\)|\.set\(\))*\.(send|write|end)$/, args: [0], when: notJsonType, langs: ['js'] },
    { kind: 'xss', what: 'HTML response', names: ['type'], callee: /^reply\.type\(\)\.send$/, args: [0], langs: ['js'] },
    { kind: 'xss', what: 'template source', names: ['render_template_string', 'Template', 'from_string'], callee: /^(render_template_string|flask\.render_template_string|jinja2\.Template|Template|\w+\.from_string)$/, args: [0], langs: ['py'] },
    { kind: 'xss', what: 'HTML response', names: ['Markup', 'HTMLResponse', 'make_response', 'Response', 'mark_safe', 'HttpResponse'], callee: /^(Markup|markupsafe\.Markup|HTMLResponse|make_response|mark_safe|HttpResponse)$/, args: [0], langs: ['py'] },
    { kind: 'xss', what: 'HTML response', names: ['<return>'], args: [], langs: ['py'] },
    { kind: 'xss', what: 'HTML response', names: ['<koa-body>'], args: [], langs: ['js'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
