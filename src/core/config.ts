import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { ToolError, formatPosition } from './errors.js';
import { escapePointer, parseSourceDocument } from './yaml-source.js';
import { lazyRequire } from './lazy.js';

const ajvLib = lazyRequire<typeof import('ajv')>('ajv');

/** A JSON Schema object (draft 2020-12 subset as ajv reads it). */
export type JsonSchema = Readonly<Record<string, unknown>>;

function describe(e: ErrorObject): { pointer: string; message: string } {
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty);
    return { pointer: `${e.instancePath}/${escapePointer(extra)}`, message: `unknown key "${extra}"` };
  }
  const where = e.instancePath ? e.instancePath.split('/').slice(1).join('.') : '(top level)';
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return { pointer: e.instancePath, message: `${where} must be one of ${allowed}` };
  }
  return { pointer: e.instancePath, message: `${where} ${e.message ?? 'is invalid'}` };
}

/**
 * Validate a parsed document against a schema. Every problem is reported at once with its file,
 * line and column, in one ToolError (`E_CONFIG_INVALID`).
 */
export function validateWithPositions(
  value: unknown,
  schema: JsonSchema,
  positionOf: (pointer: string) => { line: number; column: number },
  file: string,
): void {
  const ajv = new (ajvLib().Ajv)({ allErrors: true, strict: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  if (validate(value)) return;
  const seen = new Set<string>();
  const problems: { line: number; column: number; text: string }[] = [];
  for (const e of validate.errors ?? []) {
    // `anyOf`/`oneOf` add a summary error beside the specific ones; the specific ones say more.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const d = describe(e);
    const pos = positionOf(d.pointer);
    const text = `${formatPosition({ file, line: pos.line, column: pos.column })}: ${d.message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    problems.push({ ...pos, text });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const first = problems[0];
  throw new ToolError('E_CONFIG_INVALID', first ? first.text : `${file}: invalid configuration`, {
    position: first ? { file, line: first.line, column: first.column } : { file },
    details: problems.slice(1).map((p) => p.text),
  });
}

/**
 * Read and validate a YAML or JSON config file.
 *
 * @example
 * const cfg = loadConfigFile('rampart.config.yaml', schema);
 */
export function loadConfigFile(path: string, schema: JsonSchema): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ToolError('E_CONFIG_READ', `cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      position: { file: path },
      cause: err,
    });
  }
  const doc = parseSourceDocument(text, path, 'E_CONFIG_INVALID');
  const value = doc.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ToolError('E_CONFIG_INVALID', `${path}:1:1: the config must be a mapping of keys to values`, { position: { file: path, line: 1, column: 1 } });
  }
  validateWithPositions(value, schema, (p) => doc.positionOf(p), path);
  return value as Record<string, unknown>;
}
