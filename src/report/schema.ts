import type { ValidateFunction } from 'ajv/dist/2020.js';
import { lazyRequire } from '../core/lazy.js';
import type { Report } from '../core/report.js';
import schema from './report.schema.json' with { type: 'json' };

// Loaded when a report is read back (baseline, `rampart report`), not when one is written.
const ajv2020 = lazyRequire<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');
const ajvFormats = lazyRequire<typeof import('ajv-formats')>('ajv-formats');

/** The JSON Schema of the JSON report (docs/report-format.md). */
export const REPORT_SCHEMA: Readonly<Record<string, unknown>> = schema;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new (ajv2020().Ajv2020)({ allErrors: true, strict: true, allowUnionTypes: true });
    ajvFormats().default(ajv);
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
