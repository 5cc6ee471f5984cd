import type { CheckMeta } from '../core/check.js';
import type { JsonSchema } from '../core/config.js';
import { SEVERITIES } from '../core/finding.js';

/**
 * Engines register the schema of their own section here (a key of the config file). Keep the list
 * sorted. Every section must set `additionalProperties: false` so typos are reported.
 */
const ENGINE_SECTIONS: Record<string, JsonSchema> = {};

const checkSettingSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    severity: { enum: [...SEVERITIES] },
    options: { type: 'object' },
  },
};

const suppressionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['check', 'reason'],
  properties: {
    check: { type: 'string', minLength: 1 },
    fingerprint: { type: 'string' },
    path: { type: 'string' },
    reason: { type: 'string', minLength: 1 },
    expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
};

/**
 * The JSON Schema of `rampart.config.yaml`, given every check's metadata (cli/all-checks.ts; passed
 * in so that a command's start-up does not load every engine's checks when there is no config file).
 */
export function configSchema(checkMetas: readonly CheckMeta[]): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      failOn: { enum: [...SEVERITIES, 'none'] },
      format: { type: 'array', items: { type: 'string' } },
      out: { type: 'string' },
      baseline: { type: 'string' },
      suppressions: { type: 'array', items: suppressionSchema },
      checks: {
        description: 'Per-check settings: enabled, severity, options. Keys are check ids (rampart checks lists them).',
        type: 'object',
        // Known ids only, so a misspelt id is reported at its line instead of silently doing nothing.
        properties: Object.fromEntries(checkMetas.map((m) => [m.id, checkSettingSchema])),
        additionalProperties: false,
      },
      ...ENGINE_SECTIONS,
    },
  };
}

/** Register an engine's config section (called at module load by the engine's CLI command file). */
export function registerConfigSection(name: string, schema: JsonSchema): void {
  ENGINE_SECTIONS[name] = schema;
}

export { suppressionSchema };
