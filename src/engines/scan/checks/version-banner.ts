import type { HttpResponse } from '../../../http/types.js';
import { defineScanCheck } from '../define.js';
import { header } from '../evaluate.js';

const meta = {
  id: 'scan/version-banner',
  title: 'Server or framework version disclosed',
  severity: 'low',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-200'],
  description:
    'Reports response headers that name the server, language or framework together with its version (`Server: nginx/1.18.0`, `X-Powered-By: PHP/7.4.3`), which tells an attacker which known vulnerabilities to try.',
  remediation: 'Remove version banners: `server_tokens off` (nginx), `ServerTokens Prod` (Apache), `app.disable(\'x-powered-by\')` (Express), `expose_php = Off` (PHP).',
  references: ['https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server'],
  messages: {
    banner: 'The {header} header discloses "{value}".',
  },
} as const;

const BANNER_HEADERS = ['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-generator', 'x-runtime-version', 'x-version', 'via'];

/** Headers that carry a product name with a version number. Pure. */
export function versionBanners(res: Pick<HttpResponse, 'headers'>): { header: string; value: string }[] {
  const out: { header: string; value: string }[] = [];
  for (const h of BANNER_HEADERS) {
    const v = header(res, h);
    if (!v) continue;
    if (/^x-aspnet(mvc)?-version$/.test(h) && /\d/.test(v)) out.push({ header: h, value: v });
    else if (/[A-Za-z][\w .-]*[/ ]v?\d+\.\d+/.test(v)) out.push({ header: h, value: v.slice(0, 120) });
  }
  return out;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 1, writes: false }),
  async run(ctx, report) {
    const responses: HttpResponse[] = [];
    for (const op of ctx.surface.operations.slice(0, 20)) {
      const b = await ctx.baseline(op);
      if (b && b.status > 0) responses.push(b);
    }
    const root = await ctx.send({ method: 'GET', url: ctx.target, identity: 'anonymous' });
    if (root.status > 0) responses.push(root);
    const seen = new Set<string>();
    for (const res of responses) {
      for (const b of versionBanners(res)) {
        if (seen.has(b.header)) continue;
        seen.add(b.header);
        report({ method: 'GET', path: new URL(res.url).pathname, url: res.url, messageId: 'banner', data: b, key: b.header, exchanges: [{ response: res, label: 'response' }] });
      }
    }
  },
});
