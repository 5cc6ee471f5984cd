import { defineCodeCheck } from '../define.js';
import type { Expr } from '../ir.js';
import { callsOf, dotted } from '../ir.js';

const isTrue = (e: Expr | undefined): boolean => e?.k === 'lit' && /^(true|True|1)$/.test(e.text);

export default defineCodeCheck({
  kind: 'module',
  meta: {
    id: 'code/xxe-enabled-parser',
    title: 'XML parser resolves external entities',
    severity: 'high',
    confidence: 'high',
    domain: 'injection',
    owasp: ['API8:2023'],
    cwe: ['CWE-611'],
    description: 'An XML parser is configured to expand entities or load DTDs (libxmljs noent: true, lxml XMLParser(resolve_entities=True / load_dtd=True / no_network=False), xml.sax feature_external_ges), so XML from a client can read local files or reach internal hosts.',
    remediation: 'Leave entity expansion and DTD loading off (defusedxml for Python, libxmljs without noent) and reject DOCTYPE declarations in input.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/611.html'],
    messages: { entitiesOn: '{call} is configured with {option}, which expands external entities.' },
  },
  detect(mod, _project, report) {
    const py = mod.lang === 'py';
    const { calls, callees } = callsOf(mod);
    for (let i = 0; i < calls.length; i++) {
      const e = calls[i]!;
      const d = callees[i]!;
      if (!py && /(parseXml|parseXmlString|parseXmlAsync|parseXMLString)$/.test(d)) {
        const o = e.args[1];
        if (o?.k === 'obj') for (const p of o.props) if ((p.key === 'noent' || p.key === 'dtdload' || p.key === 'dtdvalid') && isTrue(p.value)) report({ messageId: 'entitiesOn', data: { call: `${d}()`, option: `${p.key}: true` }, file: mod.file, line: e.line, key: p.key });
      }
      if (py && /(^|\.)(XMLParser|XMLPullParser|iterparse)$/.test(d)) {
        for (const k of e.kw) {
          if ((k.name === 'resolve_entities' || k.name === 'load_dtd' || k.name === 'dtd_validation') && isTrue(k.value)) report({ messageId: 'entitiesOn', data: { call: `${d}()`, option: `${k.name}=True` }, file: mod.file, line: e.line, key: k.name });
          if (k.name === 'no_network' && k.value.k === 'lit' && k.value.text === 'False') report({ messageId: 'entitiesOn', data: { call: `${d}()`, option: 'no_network=False' }, file: mod.file, line: e.line, key: k.name });
        }
      }
      if (py && /setFeature$/.test(d) && /feature_external_(ges|pes)/.test(dotted(e.args[0]) ?? '') && isTrue(e.args[1])) report({ messageId: 'entitiesOn', data: { call: `${d}()`, option: dotted(e.args[0]) }, file: mod.file, line: e.line, key: 'sax' });
    }
  },
});
