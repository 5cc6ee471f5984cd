// The bundled vulnerable API (examples/vulnerable-api): the SQL injection check finds its string-built
// query on GET /api/products/{id} from the OpenAPI document alone, and stays silent on the fixed twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startExampleApi, exampleRoot } from '../../examples/vulnerable-api/src/server.js';
import sqlInjection from '../../src/engines/scan/checks/sql-injection.js';
import { loadOpenApiFile } from '../../src/surface/openapi.js';
import { runCheckAgainst, surfaceOf } from '../harness/scan.js';

for (const secure of [false, true]) {
  test(`scan/sql-injection on the example API (${secure ? 'fixed twin: silent' : 'vulnerable: found'})`, async (t) => {
    const api = await startExampleApi({ secure });
    t.after(() => api.close());
    const spec = await loadOpenApiFile(join(exampleRoot(), 'openapi.yaml'));
    const ops = spec.surface.operations.filter((o) => o.method === 'GET' && o.security.length === 0);
    const r = await runCheckAgainst(sqlInjection, api.url, surfaceOf(ops), { options: { delaySeconds: 1 } });
    const hits = r.findings.map((f) => (f.location.kind === 'http' ? `${f.location.path} ${f.location.parameter?.name}` : ''));
    if (secure) assert.deepEqual(hits, []);
    else assert.ok(hits.includes('/api/products/{id} id'), `found: ${JSON.stringify(hits)}`);
  });
}
