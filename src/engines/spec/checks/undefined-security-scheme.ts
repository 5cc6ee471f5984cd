import { defineSpecCheck } from '../define.js';

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export default defineSpecCheck({
  meta: {
    id: 'spec/undefined-security-scheme',
    title: 'Security requirement names an undefined scheme',
    severity: 'high',
    confidence: 'high',
    domain: 'authentication',
    owasp: ['API2:2023', 'API8:2023'],
    cwe: ['CWE-287'],
    description:
      'A security requirement that names a scheme the document does not define protects nothing: code generators, gateways and validators skip it, and the operation may be served without authentication.',
    remediation: 'Define the scheme under `components.securitySchemes` (`securityDefinitions` in Swagger 2.0) or fix the name in the requirement.',
    references: ['https://spec.openapis.org/oas/v3.1.0#security-requirement-object', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
    messages: { undefinedScheme: 'Security requirement names "{name}", which is not a defined security scheme.' },
  },
  category: 'authentication',
  detect(doc, report) {
    const defined = doc.securitySchemes;
    const check = (list: unknown, file: string, base: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((req, i) => {
        if (!isObj(req)) return;
        for (const name of Object.keys(req)) {
          if (!Object.hasOwn(defined, name)) report({ at: { file, pointer: `${base}/${i}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` }, messageId: 'undefinedScheme', data: { name } });
        }
      });
    };
    check(doc.raw.security, doc.rootFile, '/security');
    for (const a of doc.operations) check(a.raw.security, a.place.file, `${a.place.pointer}/security`);
  },
});
