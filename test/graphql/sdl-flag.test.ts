// rampart scan --graphql-schema: an SDL file stands in for introspection on a hardened server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../harness/cli.js';
import type { Report } from '../../src/core/report.js';
import { sdl, startGraphqlApi } from './fixtures.js';

test('--graphql-schema feeds the GraphQL checks when introspection is off', async (t) => {
  const api = await startGraphqlApi({ hardened: true });
  t.after(() => api.close());
  const dir = mkdtempSync(join(tmpdir(), 'rampart-sdl-'));
  writeFileSync(join(dir, 'schema.graphql'), sdl(true));
  const args = ['scan', api.url, '--checks', 'scan/graphql-sensitive-fields', '-f', 'json', '--fail-on', 'none'];
  const without = JSON.parse((await runCli(args, { cwd: dir })).stdout) as Report;
  assert.equal(without.runs[0]!.findings.length, 0, 'introspection is off: nothing known');
  const withSdl = await runCli([...args, '--graphql-schema', 'schema.graphql'], { cwd: dir });
  const found = (JSON.parse(withSdl.stdout) as Report).runs[0]!.findings;
  assert.equal(found.length, 1, withSdl.stderr);
  assert.match(found[0]!.message, /AuthPayload\.token/);
  const missing = await runCli([...args, '--graphql-schema', 'nope.graphql'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read the GraphQL schema nope\.graphql/);
});
