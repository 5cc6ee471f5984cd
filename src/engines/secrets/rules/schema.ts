import type { Confidence, Severity } from '../../../core/finding.js';
import type { JsonSchema } from '../../../core/config.js';

/** The checks a rule can report through (one docs page each). */
export const RULE_CHECKS = ['provider-key', 'public-key-by-design', 'private-key', 'jwt', 'connection-string', 'generic-secret'] as const;
export type RuleCheck = (typeof RULE_CHECKS)[number];

/** Checksums that some token formats carry and that we can verify offline. */
export const CHECKSUMS = ['crc32-base62'] as const;
export type ChecksumKind = (typeof CHECKSUMS)[number];

/** One detector, as written in rules.ts or in the `secrets.rules` section of the config. */
export interface RuleSpec {
  /** Kebab-case, unique. */
  readonly id: string;
  readonly description: string;
  /** Lower-case literals; a line is tested with `regex` only if it contains one of them. */
  readonly keywords: readonly string[];
  /** JavaScript regular expression source. Group 1 (or `secretGroup`) is the secret. */
  readonly regex: string;
  /** Regex flags besides `g` (only `i`, `m`, `s`, `u`). */
  readonly flags?: string;
  /** Which capture group is the secret; 0 = the whole match. Default: the first group that matched. */
  readonly secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  readonly entropy?: number;
  /** Regexes: a secret matching any of them is ignored. */
  readonly allow?: readonly string[];
  readonly check?: RuleCheck;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  readonly provider?: string;
  /** Why a public-by-design key is not a leak (shown in the finding). */
  readonly note?: string;
  readonly checksum?: ChecksumKind;
  /** The match may span lines (PEM blocks): the regex runs from the keyword's line over a window. */
  readonly multiline?: boolean;
  /**
   * Characters of which one must follow the keyword on the same line within `followedWithin`
   * characters (default 48) for the regex to run, e.g. ':=' for "a name assigned a value". A cheap
   * test that spares the regex on lines where the keyword is only used, not assigned.
   */
  readonly followedBy?: string;
  readonly followedWithin?: number;
  /**
   * How many characters before and after the keyword's end the regex looks at (default: the whole
   * line, or 1024 either side on long lines). For rules whose match starts at the keyword.
   */
  readonly window?: readonly [number, number];
  /** Template for the synthetic positive example used by the rule table test. */
  readonly sample?: string;
  /** Template of a near miss the rule must not report (default: the sample with its random parts cut short). */
  readonly negative?: string;
}

/** JSON Schema of one rule; used for the built-in rules and for rules from the config file. */
export const ruleSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'description', 'keywords', 'regex'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
    description: { type: 'string', minLength: 1 },
    keywords: { type: 'array', minItems: 1, items: { type: 'string', minLength: 2 } },
    regex: { type: 'string', minLength: 1 },
    flags: { type: 'string', pattern: '^[imsu]*$' },
    secretGroup: { type: 'integer', minimum: 0 },
    entropy: { type: 'number', minimum: 0, maximum: 8 },
    allow: { type: 'array', items: { type: 'string' } },
    check: { enum: [...RULE_CHECKS] },
    severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
    confidence: { enum: ['high', 'medium', 'low'] },
    provider: { type: 'string' },
    note: { type: 'string' },
    checksum: { enum: [...CHECKSUMS] },
    multiline: { type: 'boolean' },
    followedBy: { type: 'string', minLength: 1 },
    followedWithin: { type: 'integer', minimum: 1, maximum: 4096 },
    window: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 8192 }, minItems: 2, maxItems: 2 },
    sample: { type: 'string' },
    negative: { type: 'string' },
  },
};

/** The `secrets` section of rampart.config.yaml. */
export const secretsConfigSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: { type: 'array', items: ruleSchema },
    disableRules: { type: 'array', items: { type: 'string' } },
    allow: { type: 'array', items: { type: 'string' }, description: 'Regexes of secret values to ignore everywhere.' },
    allowPaths: { type: 'array', items: { type: 'string' }, description: 'gitignore-style patterns of paths not to scan.' },
    maxFileSize: { type: 'integer', minimum: 1 },
  },
};
