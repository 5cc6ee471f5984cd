import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck } from '../injection/check.js';
import { canary } from '../injection/canary.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence } from '../injection/probe.js';

const meta = {
  id: 'scan/path-traversal',
  title: 'Path traversal',
  severity: 'high',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-22'],
  description:
    'Sends `../` sequences (plain, encoded, double-encoded, filter-evading and absolute) to parameters that name files, and reports the ones that return a system file whose content is recognisable.',
  remediation:
    'Map user input to files through an identifier or allow-list; otherwise resolve the path and check that it stays inside the intended directory before opening it.',
  references: [
    'https://cwe.mitre.org/data/definitions/22.html',
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/05-Authorization_Testing/01-Testing_Directory_Traversal_File_Include',
  ],
  messages: {
    fileRead: '{place} reads files outside its directory: {payload} returned {file}.',
  },
} as const;

const TARGETS = [
  { file: '/etc/passwd', rel: 'etc/passwd', re: /\broot:[x*!]?:0:0:/ },
  { file: 'C:\\Windows\\win.ini', rel: 'windows\\win.ini', re: /^\[(?:fonts|extensions|mci extensions)\]/im },
] as const;

const DEPTH = 8;
const TRAVERSALS: readonly { readonly name: string; build(rel: string, file: string): string; readonly raw?: boolean }[] = [
  { name: 'plain', build: (rel) => `${'../'.repeat(DEPTH)}${rel.replace(/\\/g, '/')}` },
  { name: 'absolute', build: (_rel, file) => file },
  { name: 'filter evasion', build: (rel) => `${'....//'.repeat(DEPTH)}${rel.replace(/\\/g, '/')}` },
  { name: 'double-encoded', build: (rel) => `${'..%2f'.repeat(DEPTH)}${rel.replace(/\\/g, '%2f')}` },
  { name: 'backslash', build: (rel) => `${'..\\'.repeat(DEPTH)}${rel.replace(/\//g, '\\')}` },
  { name: 'raw in path', build: (rel) => `${'..%2F'.repeat(DEPTH)}${rel.replace(/[\\/]/g, '%2F')}`, raw: true },
];

const FILE_NAMES = /file|path|name|doc|page|template|include|dir|folder|img|image|download|attach|resource|src|view|load|read|lang|locale/i;

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['path', 'query', 'body', 'form', 'multipart', 'cookie'],
  accepts: (p) => (p.jsonType === undefined || p.jsonType === 'string') && (FILE_NAMES.test(p.name) || /\.\w{1,5}$|\//.test(p.original)),
  async testPoint(ctx) {
    const baseline = await ctx.prober.must(ctx.base);
    for (const t of TARGETS) {
      if (t.re.test(baseline.outcome.body)) continue;
      for (const tr of TRAVERSALS) {
        if (tr.raw && ctx.point.in !== 'path') continue;
        const payload = tr.build(t.rel, t.file);
        const ex = await ctx.prober.must(applyMutation(ctx.base, ctx.point, { kind: 'value', value: payload }, { rawPath: tr.raw === true }));
        const m = t.re.exec(ex.outcome.body);
        if (!m) continue;
        // Control: the same traversal to a file that does not exist must not show the content.
        const missing = tr.build(`${t.rel}.${canary(ctx.random, 6)}`, `${t.file}.${canary(ctx.random, 6)}`);
        const control = await ctx.prober.must(applyMutation(ctx.base, ctx.point, { kind: 'value', value: missing }, { rawPath: tr.raw === true }));
        if (t.re.test(control.outcome.body)) continue;
        return {
          messageId: 'fileRead',
          data: { place: describePoint(ctx.point), payload, file: t.file },
          title: `Path traversal in ${describePoint(ctx.point)}`,
          evidence: {
            summary: `A ${tr.name} traversal returned the content of ${t.file} ("${m[0]}"); a non-existent file did not.`,
            payload,
            exchanges: [toEvidence(ex, 'probe', m[0]), toEvidence(control, 'control: missing file'), toEvidence(baseline, 'baseline')],
            data: { file: t.file, encoding: tr.name },
          },
        };
      }
    }
    return undefined;
  },
}),
);
