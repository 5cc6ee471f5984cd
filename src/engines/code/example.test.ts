// The bundled vulnerable API (examples/vulnerable-api/src) serves a vulnerable and a fixed mode
// from one code base. Its deliberate flaws must be found in the source; the checks that its secure
// branches add (allow-listed CORS, ownership comparisons under `config.secure`) must not hide them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCode } from './run.js';

const src = fileURLToPath(new URL('../../../examples/vulnerable-api/src', import.meta.url));

test('the example API: its flaws are found in its source', async () => {
  assert.ok(existsSync(src), src);
  const { run, routes } = await runCode({ paths: [src], cwd: src });
  const got = new Set(run.findings.map((f) => `${f.checkId} ${f.location.kind === 'file' ? f.location.file : ''}`));
  for (const want of [
    'code/sql-injection routes/products.ts',
    'code/xss routes/products.ts',
    'code/missing-object-authorization routes/notes.ts',
    'code/missing-object-authorization routes/orders.ts',
    'code/missing-object-authorization routes/users.ts',
    'code/missing-authentication routes/users.ts',
    'code/mass-assignment routes/users.ts',
    'code/owner-or-admin-privilege-write routes/admin.ts',
    'code/permissive-cors middleware/cors.ts',
    'code/login-without-rate-limit routes/auth.ts',
  ]) assert.ok(got.has(want), `${want} not found; got ${[...got].join(', ')}`);
  // routers mounted from other files get their full paths
  const paths = new Set(routes.map((r) => `${r.method} ${r.path}`));
  for (const p of ['GET /api/notes/{id}', 'GET /api/orders/{id}', 'PUT /api/admin/users/{id}', 'POST /api/auth/login']) assert.ok(paths.has(p), p);
  assert.equal(run.notifications.filter((n) => n.level !== 'note').length, 0);
});
