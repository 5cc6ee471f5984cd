import { dotted } from '../ir.js';
import type { Call } from '../ir.js';
import { defineCodeCheck, taintReport } from '../define.js';

const unsafeYaml = (c: Call): boolean => {
  const loader = c.kw.find((k) => k.name === 'Loader')?.value ?? c.args[1];
  if (!loader) return (dotted(c.callee) ?? '').endsWith('unsafe_load') || (dotted(c.callee) ?? '') === 'yaml.load';
  return !/Safe|Base/.test(dotted(loader) ?? '');
};

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/unsafe-deserialization',
    title: 'Request input deserialised with an unsafe deserialiser',
    severity: 'critical',
    confidence: 'high',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-502'],
    description: 'Request input reaches a deserialiser that can run code or build arbitrary objects: pickle, marshal, shelve, yaml.load without a safe loader, jsonpickle, node-serialize unserialize, serialize-javascript eval round trips.',
    remediation: 'Accept JSON (or yaml.safe_load) and validate it; never unpickle or unserialise data a client can send.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/502.html'],
    messages: { tainted: '{source} is deserialised by {sink}, which can run attacker-chosen code.' },
  },
  sanitisers: ['none: a signature check (hmac.compare_digest) before loading is the only safe pattern, and the rule does not model it'],
  sinks: [
    { kind: 'deser', what: 'unsafe deserialisation', names: ['loads', 'load'], callee: /^(pickle|cPickle|_pickle|marshal|shelve|dill|jsonpickle)\.(loads|load|decode)$/, args: [0], langs: ['py'] },
    { kind: 'deser', what: 'unsafe deserialisation', names: ['decode'], callee: /^jsonpickle\.decode$/, args: [0], langs: ['py'] },
    { kind: 'deser', what: 'unsafe deserialisation', names: ['load', 'unsafe_load', 'load_all'], callee: /^yaml\.(load|unsafe_load|load_all)$/, args: [0], when: unsafeYaml, langs: ['py'] },
    { kind: 'deser', what: 'unsafe deserialisation', names: ['unserialize'], args: [0], langs: ['js'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
