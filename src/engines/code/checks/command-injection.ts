import type { Call } from '../ir.js';
import { defineCodeCheck, taintReport } from '../define.js';

const shellTrue = (c: Call): boolean => c.kw.some((k) => k.name === 'shell' && k.value.k === 'lit' && k.value.text === 'True');
const jsShell = (c: Call): boolean => c.args.some((a) => a.k === 'obj' && a.props.some((p) => p.key === 'shell' && !(p.value.k === 'lit' && p.value.text === 'false')));

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/command-injection',
    title: 'OS command built from request input',
    severity: 'critical',
    confidence: 'high',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-78'],
    description: 'Request input reaches a shell command (child_process exec/execSync, spawn with shell: true, os.system, os.popen, subprocess with shell=True).',
    remediation: 'Run the program directly with an argument array and no shell (`execFile`, `spawn(cmd, args)`, `subprocess.run([...])`), and validate arguments against an allow-list.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/78.html'],
    messages: { tainted: '{source} reaches the shell command run by {sink}.' },
  },
  sanitisers: ['numeric conversion', 'shell quoting (shlex.quote, shell-quote quote, shellescape)', 'allow-list checks', 'argument arrays without a shell (not sinks)'],
  sinks: [
    { kind: 'cmd', what: 'shell command', names: ['exec', 'execSync'], callee: /^(child_process\.|cp\.|childProcess\.|require\(\)\.)?(exec|execSync)$/, args: [0], langs: ['js'] },
    { kind: 'cmd', what: 'shell command', names: ['spawn', 'spawnSync', 'execFile', 'execFileSync'], args: 'all', when: jsShell, langs: ['js'] },
    { kind: 'cmd', what: 'shell command', names: ['system', 'popen', 'getoutput', 'getstatusoutput'], callee: /^(os|subprocess|commands)\.(system|popen|getoutput|getstatusoutput)$/, args: [0], langs: ['py'] },
    { kind: 'cmd', what: 'shell command', names: ['run', 'call', 'check_call', 'check_output', 'Popen'], callee: /^subprocess\.|^(Popen|check_output|check_call)$/, args: [0], when: shellTrue, langs: ['py'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
