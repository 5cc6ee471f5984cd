// The shared tester of spec checks (like ESLint's RuleTester): a table of valid and invalid
// documents per check; invalid ones list the expected message ids and JSON pointers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { stringify } from 'yaml';
import { formatMessage } from '../../src/core/check.js';
import { loadOpenApiText } from '../../src/surface/openapi.js';
import type { LoadedSpec } from '../../src/surface/openapi.js';
import type { CheckOptions, SpecCheck, SpecReport } from '../../src/engines/spec/define.js';
import { buildSpecDoc } from '../../src/engines/spec/doc.js';
import { resolvePlace } from '../../src/engines/spec/engine.js';

export const ROOT_FILE = '/spec/openapi.yaml';

export interface SpecCase {
  readonly name: string;
  /** The document (defaults fill `openapi: 3.0.3`, `info` and `paths`), written as YAML. */
  readonly spec?: Readonly<Record<string, unknown>>;
  /** The document as text (used as is). */
  readonly text?: string;
  /** Other files, by path relative to /spec/, for `$ref`s. */
  readonly files?: Readonly<Record<string, string>>;
  readonly options?: CheckOptions;
}

export interface Expected {
  readonly messageId: string;
  /** JSON pointer of the finding. */
  readonly at: string;
  /** Defaults to the root file; relative to /spec/. */
  readonly file?: string;
  readonly severity?: string;
}

export interface InvalidCase extends SpecCase {
  readonly expect: readonly Expected[];
}

/** Load a test case's document. */
export function loadCase(c: SpecCase): LoadedSpec {
  let text = c.text;
  if (text === undefined) {
    const base: Record<string, unknown> = c.spec && 'swagger' in c.spec ? { info: { title: 'Test', version: '1.0.0' }, paths: {} } : { openapi: '3.0.3', info: { title: 'Test', version: '1.0.0' }, paths: {} };
    text = stringify({ ...base, ...c.spec }, { aliasDuplicateObjects: false });
  }
  const files = c.files ?? {};
  return loadOpenApiText(text, ROOT_FILE, {
    readFile: (p) => {
      const rel = posix.relative('/spec', p);
      if (!Object.hasOwn(files, rel)) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
      return files[rel]!;
    },
  });
}

/** Run one check on one case and return what it reported, placed. */
export function runCase(check: SpecCheck, c: SpecCase): (Expected & { message: string })[] {
  const spec = loadCase(c);
  const doc = buildSpecDoc(spec);
  const out: (Expected & { message: string })[] = [];
  const seen = new Set<string>();
  check.run(doc, (r: SpecReport) => {
    const template = check.meta.messages[r.messageId];
    assert.ok(template !== undefined, `${check.meta.id}: unknown messageId ${r.messageId}`);
    const message = formatMessage(template, r.data);
    for (const m of template.matchAll(/\{(\w+)\}/g)) assert.ok(r.data && Object.hasOwn(r.data, m[1]!), `${check.meta.id}: message ${r.messageId} misses data "${m[1]}"`);
    const place = resolvePlace(spec, r.at);
    const key = `${place.file}#${place.pointer}#${r.key ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const file = place.file === ROOT_FILE ? undefined : posix.relative('/spec', place.file);
    out.push({ messageId: r.messageId, at: place.pointer, ...(file ? { file } : {}), ...(r.severity ? { severity: r.severity } : {}), message });
  }, c.options ?? {});
  return out;
}

const order = (a: Expected, b: Expected) => `${a.file ?? ''}#${a.at}#${a.messageId}`.localeCompare(`${b.file ?? ''}#${b.at}#${b.messageId}`);

/** Register the table's cases as node tests. */
export function testSpecCheck(check: SpecCheck, table: { valid: readonly SpecCase[]; invalid: readonly InvalidCase[] }): void {
  const names = [...table.valid, ...table.invalid].map((c) => c.name);
  assert.equal(new Set(names).size, names.length, `${check.meta.id}: duplicate case names`);
  assert.ok(table.valid.length > 0 && table.invalid.length > 0, `${check.meta.id}: needs valid and invalid cases`);
  for (const c of table.valid) {
    test(`${check.meta.id} valid: ${c.name}`, () => {
      assert.deepEqual(runCase(check, c).map(({ message: _m, ...e }) => e), []);
    });
  }
  for (const c of table.invalid) {
    test(`${check.meta.id} invalid: ${c.name}`, () => {
      const got = runCase(check, c).map(({ message: _m, severity, ...e }) => (c.expect.some((x) => x.severity) ? { ...e, ...(severity ? { severity } : {}) } : e));
      const want = c.expect.map((e) => ({ ...e }));
      assert.deepEqual([...got].sort(order), [...want].sort(order));
    });
  }
}
