import type { HttpResponse } from '../../../http/types.js';
import { defineScanCheck } from '../define.js';
import { marker } from '../evaluate.js';

const meta = {
  id: 'scan/trace-enabled',
  title: 'HTTP TRACE enabled',
  severity: 'low',
  confidence: 'high',
  domain: 'misconfiguration',
  owasp: ['API8:2023'],
  cwe: ['CWE-693'],
  description: 'Sends a TRACE request with a marker header and reports when the server echoes the request back, which can expose headers (cookies, tokens) added by proxies.',
  remediation: 'Disable TRACE (and TRACK) on the server and any proxy in front of it (`TraceEnable off` in Apache; reject the method in the application).',
  references: ['https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/06-Test_HTTP_Methods'],
  messages: {
    echoed: 'TRACE {path} answered {status} and echoed the request, including the header {header}.',
  },
} as const;

/** True when a TRACE response echoes the marker header back. Pure. */
export function traceEchoes(res: Pick<HttpResponse, 'status' | 'body'>, headerName: string, value: string): boolean {
  if (res.status !== 200) return false;
  return res.body.toLowerCase().includes(`${headerName.toLowerCase()}: ${value.toLowerCase()}`);
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 1, writes: false }),
  async run(ctx, report) {
    const value = marker(() => ctx.random());
    const headerName = 'X-Rampart-Trace';
    const res = await ctx.send({ method: 'TRACE', url: ctx.target, headers: { [headerName]: value }, identity: 'anonymous', followRedirects: false });
    if (traceEchoes(res, headerName, value)) {
      const path = new URL(ctx.target).pathname || '/';
      report({ method: 'TRACE', path, url: ctx.target, messageId: 'echoed', data: { path, status: res.status, header: headerName }, exchanges: [{ response: res, label: 'TRACE' }] });
    }
  },
});
