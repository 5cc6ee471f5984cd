import { defineCodeCheck, taintReport } from '../define.js';

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/code-injection',
    title: 'Request input evaluated as code',
    severity: 'critical',
    confidence: 'high',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-94', 'CWE-95'],
    description: 'Request input reaches eval, new Function, vm.run*, setTimeout/setInterval with a string, or Python eval/exec/compile.',
    remediation: 'Never evaluate request input. Parse data with a data parser (JSON.parse, ast.literal_eval) and dispatch on an allow-list of operations.',
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://owasp.org/www-community/attacks/Code_Injection'],
    messages: { tainted: '{source} is evaluated as code by {sink}.' },
  },
  sanitisers: ['numeric conversion', 'allow-list checks'],
  sinks: [
    { kind: 'code', what: 'code evaluation', names: ['eval', 'Function', 'runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script'], callee: /^(eval|Function|vm\.\w+|new Function)$/, args: 'all', langs: ['js'] },
    { kind: 'code', what: 'code evaluation', names: ['setTimeout', 'setInterval'], args: [0], langs: ['js'] },
    { kind: 'code', what: 'code evaluation', names: ['eval', 'exec', 'compile'], callee: /^(eval|exec|compile|builtins\.(eval|exec))$/, args: [0], langs: ['py'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
