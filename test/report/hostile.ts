import type { Finding } from '../../src/core/finding.js';
import type { Report } from '../../src/core/report.js';
import { fixtureReport } from './fixture.js';

/** Script payloads as they could come back from a target or sit in a scanned file. */
export const PAYLOAD =
  `<script>window.__pwned=1;alert(1)</script>"onerror=window.__pwned=2;alert(2) x="` +
  `'><img src=x onerror="window.__pwned=3;alert(3)"></style><style>*{display:none}</style>` +
  `<svg onload=window.__pwned=4></svg></script><script>window.__pwned=5</script>` +
  `\u2028\u2029<!--<iframe src="javascript:window.__pwned=6">`;

/**
 * The fixture report with payloads in messages, evidence, file names, targets, notifications and
 * extras, plus a tampered finding (as a hand-edited JSON report could carry) whose severity-free
 * fields and check metadata hold payloads too.
 */
export function hostileReport(): Report {
  const base = fixtureReport({ text: PAYLOAD, file: `src/<img src=x onerror=alert(7)>${PAYLOAD}.ts` });
  const scan = base.runs[0]!;
  const tampered = {
    ...scan.findings[1]!,
    checkId: `scan/x"><img src=x onerror=alert(8)>`,
    title: `Title ${PAYLOAD}`,
    domain: `<img src=x onerror="window.__pwned=9">` as Finding['domain'],
    owasp: [`API1:2023${PAYLOAD}`],
    cwe: [`CWE-79"><script>window.__pwned=10</script>`],
    remediation: `Fix ${PAYLOAD}`,
    fingerprint: `"><script>window.__pwned=11</script>`,
  } as Finding;
  const checks = scan.checks.map((c, i) => (i === 0 ? { ...c, description: `D ${PAYLOAD}`, references: ['javascript:window.__pwned=12', `https://example.com/"><script>window.__pwned=13</script>`] } : c));
  const runs = [
    { ...scan, checks, findings: [...scan.findings, tampered], extras: { ...scan.extras, [`<b onmouseover=alert(14)>${PAYLOAD}`]: [{ [PAYLOAD]: PAYLOAD }], score: { score: 50, grade: PAYLOAD } } },
    ...base.runs.slice(1),
  ];
  return { ...base, tool: { ...base.tool, version: `0.1.0${PAYLOAD}` }, runs };
}
