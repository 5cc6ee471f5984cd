import { discover } from '../../../surface/discover.js';
import { defineScanCheck } from '../define.js';

const meta = {
  id: 'scan/exposed-api-documentation',
  title: 'API documentation publicly reachable',
  severity: 'info',
  confidence: 'high',
  domain: 'inventory',
  owasp: ['API9:2023'],
  cwe: ['CWE-200'],
  description:
    'Probes the well-known paths of OpenAPI/Swagger documents, Swagger UI and ReDoc pages and GraphQL endpoints without credentials and lists what an outsider can read, with the operation count: an inventory finding to confirm the exposure is intended.',
  remediation: 'Publish API documentation deliberately: keep internal and non-production descriptions off public hosts or behind authentication, and keep the public one in sync with what is deployed.',
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/'],
  messages: {
    spec: 'An API description is public at {path}: {operations} operation(s){title}.',
    page: 'A {kind} documentation page is public at {path}.',
    graphql: 'A GraphQL endpoint answers at {path}.',
  },
} as const;

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 38, writes: false }),
  async run(ctx, report) {
    const root = new URL(ctx.target).origin;
    const result = await discover(
      async (r) => {
        const res = await ctx.send({ method: r.method, url: `${root}${r.path}`, headers: r.headers ?? {}, ...(r.body ? { body: r.body } : {}), identity: 'anonymous', followRedirects: false, maxBytes: 4 * 1024 * 1024 });
        return { status: res.status, headers: res.headers, body: res.body, url: res.url };
      },
      { random: () => ctx.random() },
    );
    for (const d of result.docs) {
      const where = { method: d.kind === 'graphql' ? 'POST' : 'GET', path: d.path, url: d.url, key: d.path };
      if (d.kind === 'openapi') report({ ...where, messageId: 'spec', data: { path: d.path, operations: d.operations ?? 0, title: d.title ? ` ("${d.title}")` : '' }, facts: { operations: d.operations ?? 0 } });
      else if (d.kind === 'graphql') report({ ...where, messageId: 'graphql', data: { path: d.path } });
      else report({ ...where, messageId: 'page', data: { kind: d.kind === 'redoc' ? 'ReDoc' : 'Swagger UI', path: d.path } });
    }
  },
});
