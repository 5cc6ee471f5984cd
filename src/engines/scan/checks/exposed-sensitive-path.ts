import type { HttpResponse } from '../../../http/types.js';
import { defineScanCheck } from '../define.js';
import { isHtml } from '../evaluate.js';

const meta = {
  id: 'scan/exposed-sensitive-path',
  title: 'Debug, admin, metrics, configuration or backup file exposed',
  severity: 'high',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023', 'API9:2023'],
  cwe: ['CWE-538'],
  description:
    'Requests well-known sensitive paths without credentials (`.env`, `.git/`, backups and dumps, metrics, debug and profiling endpoints, admin consoles) and reports those whose content proves what they are, not just a 200.',
  remediation: 'Do not deploy these files; bind debug, metrics and admin endpoints to an internal interface or put them behind authentication.',
  references: [
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information',
    'https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/',
  ],
  messages: {
    exposed: '{path} is reachable without credentials and serves {what}.',
  },
} as const;

interface Probe {
  readonly path: string;
  readonly what: string;
  readonly severity: 'critical' | 'high' | 'medium' | 'low';
  /** The content must prove it (a 200 alone proves nothing). */
  readonly proves: (body: string, res: Pick<HttpResponse, 'headers'>) => boolean;
}

const envFile = (b: string) => !/<html|<!doctype/i.test(b) && (b.match(/^[A-Z][A-Z0-9_]{1,60}=.*$/gm) ?? []).length >= 2;
const sqlDump = (b: string) => /(^|\n)\s*(CREATE TABLE|INSERT INTO|-- MySQL dump|-- PostgreSQL database dump)/i.test(b);
const archive = (b: string) => b.startsWith('PK\u0003\u0004') || b.startsWith('\u001f\ufffd\u0008') || b.startsWith('\u001f\u008b');

/** What is probed and how the content is recognized. */
export const SENSITIVE_PATHS: readonly Probe[] = [
  { path: '/.env', what: 'an environment file with settings', severity: 'critical', proves: envFile },
  { path: '/.env.production', what: 'an environment file with settings', severity: 'critical', proves: envFile },
  { path: '/.git/config', what: 'the Git repository configuration', severity: 'high', proves: (b) => /\[core\]/.test(b) && /repositoryformatversion/.test(b) },
  { path: '/.git/HEAD', what: 'the Git repository HEAD', severity: 'high', proves: (b) => /^ref: refs\/heads\/[\w./-]+\s*$/.test(b.trim()) },
  { path: '/backup.sql', what: 'a database dump', severity: 'critical', proves: sqlDump },
  { path: '/dump.sql', what: 'a database dump', severity: 'critical', proves: sqlDump },
  { path: '/db.sql', what: 'a database dump', severity: 'critical', proves: sqlDump },
  { path: '/backup.zip', what: 'a backup archive', severity: 'high', proves: archive },
  { path: '/backup.tar.gz', what: 'a backup archive', severity: 'high', proves: archive },
  { path: '/metrics', what: 'Prometheus metrics', severity: 'medium', proves: (b) => /^# HELP \w+/m.test(b) && /^# TYPE \w+ (counter|gauge|histogram|summary|untyped)/m.test(b) },
  { path: '/actuator/env', what: 'Spring Boot environment properties', severity: 'high', proves: (b) => /"propertySources"\s*:/.test(b) },
  { path: '/actuator/heapdump', what: 'a JVM heap dump', severity: 'critical', proves: (b) => b.startsWith('JAVA PROFILE') },
  { path: '/actuator', what: 'the Spring Boot actuator index', severity: 'low', proves: (b) => /"_links"\s*:\s*\{[\s\S]*"self"[\s\S]*actuator/.test(b) },
  { path: '/debug/pprof/', what: 'Go pprof profiling', severity: 'high', proves: (b) => /Types of profiles available|\/debug\/pprof\/goroutine/.test(b) },
  { path: '/debug/vars', what: 'Go expvar runtime variables', severity: 'medium', proves: (b) => /"cmdline"\s*:/.test(b) && /"memstats"\s*:/.test(b) },
  { path: '/server-status', what: 'the Apache server status page', severity: 'medium', proves: (b) => /Apache Server Status for/i.test(b) },
  { path: '/phpinfo.php', what: 'phpinfo() output', severity: 'high', proves: (b) => /<title>PHP \d[\d.]* - phpinfo\(\)<\/title>|phpinfo\(\)/.test(b) && /PHP Version/.test(b) },
  { path: '/console', what: 'an interactive debug console', severity: 'critical', proves: (b) => /Werkzeug|Interactive Console|__debugger__/.test(b) },
  { path: '/debug', what: 'a debug endpoint dumping the runtime environment', severity: 'high', proves: (b) => /"(env|environment|process\.env)"\s*:\s*\{/.test(b) && /"(PATH|NODE_ENV|HOME)"\s*:/.test(b) },
  { path: '/admin', what: 'an administration interface', severity: 'high', proves: (b, res) => isHtml(res) && /<title>[^<]*admin[^<]*<\/title>/i.test(b) && !/<input[^>]+type=["']?password/i.test(b) },
  { path: '/admin/', what: 'an administration interface', severity: 'high', proves: (b, res) => isHtml(res) && /<title>[^<]*admin[^<]*<\/title>/i.test(b) && !/<input[^>]+type=["']?password/i.test(b) },
];

/** Whether a probe response proves the path is exposed, given a control response for a random path. Pure. */
export function provesExposure(p: Probe, res: Pick<HttpResponse, 'status' | 'body' | 'headers'>, control?: Pick<HttpResponse, 'status' | 'body'>): boolean {
  if (res.status !== 200) return false;
  if (control && control.status === 200 && control.body === res.body) return false;
  return p.proves(res.body, res);
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: SENSITIVE_PATHS.length + 1, writes: false }),
  async run(ctx, report) {
    const root = new URL(ctx.target).origin;
    const control = await ctx.send({ method: 'GET', url: `${root}/rampart-${Math.floor(ctx.random() * 1e9).toString(36)}.txt`, identity: 'anonymous', followRedirects: false });
    for (const p of SENSITIVE_PATHS) {
      const res = await ctx.send({ method: 'GET', url: `${root}${p.path}`, identity: 'anonymous', followRedirects: false, maxBytes: 256 * 1024 });
      if (!provesExposure(p, res, control)) continue;
      report({ method: 'GET', path: p.path, url: res.url, messageId: 'exposed', data: { path: p.path, what: p.what }, severity: p.severity, key: p.path, exchanges: [{ response: res, label: 'probe' }, ...(control.status > 0 ? [{ response: control, label: 'control (random path)' }] : [])] });
    }
  },
});
