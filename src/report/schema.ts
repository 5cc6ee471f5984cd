import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Report } from '../core/report.js';
import schema from './report.schema.json' with { type: 'json' };

/** The JSON Schema of the JSON report (docs/report-format.md). */
export const REPORT_SCHEMA: Readonly<Record<string, unknown>> = schema;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/**
 * Check a parsed JSON report against the schema. Returns the problems (JSON pointer and message,
 * at most `max`), or an empty list when the value is a valid report.
 */
export function reportProblems(value: unknown, max = 10): string[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, max).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
}

/** True when `value` is a valid JSON report. */
export function isReport(value: unknown): value is Report {
  return reportProblems(value, 1).length === 0;
}
