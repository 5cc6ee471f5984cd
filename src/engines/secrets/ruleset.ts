import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { ToolError } from '../../core/errors.js';
import type { Confidence, Severity } from '../../core/finding.js';
import { KeywordMatcher } from './aho-corasick.js';
import { BUILTIN_RULES } from './rules/rules.js';
import { ruleSchema } from './rules/schema.js';
import type { ChecksumKind, RuleCheck, RuleSpec } from './rules/schema.js';

/** A rule ready to run. */
export interface CompiledRule {
  readonly index: number;
  readonly id: string;
  readonly description: string;
  readonly provider: string;
  readonly check: RuleCheck;
  readonly re: RegExp;
  readonly secretGroup?: number;
  readonly entropy?: number;
  readonly allow: readonly RegExp[];
  readonly checksum?: ChecksumKind;
  readonly multiline: boolean;
  /** Lookup by char code (< 128): 1 for the characters of which one must follow the keyword within `followedWithin`. */
  readonly followedBy?: Uint8Array;
  readonly followedWithin: number;
  readonly windowBefore: number;
  readonly windowAfter: number;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  readonly note?: string;
  /** Where the rule came from: `builtin` or the config file. */
  readonly origin: string;
}

/** Every compiled rule plus the keyword prefilter over all of them. */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  readonly matcher: KeywordMatcher;
  /** Secret values to ignore whatever rule matched them. */
  readonly allow: readonly RegExp[];
}

/** What the caller can add to or remove from the built-in rules. */
export interface RuleOptions {
  /** Extra rules (from the config), validated like the built-in ones. */
  readonly extraRules?: readonly RuleSpec[];
  readonly extraOrigin?: string;
  /** Ids of rules to leave out. */
  readonly disable?: readonly string[];
  /** Regexes of secret values to ignore. */
  readonly allow?: readonly string[];
}

let validateRule: ValidateFunction | undefined;

function charTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const ch of chars) if (ch.charCodeAt(0) < 128) t[ch.charCodeAt(0)] = 1;
  return t;
}

function problemsOf(spec: unknown, where: string): string[] {
  if (!validateRule) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validateRule = ajv.compile(ruleSchema);
  }
  if (validateRule!(spec)) return [];
  const errs = (validateRule!.errors ?? []) as { instancePath: string; message?: string; params?: Record<string, unknown> }[];
  return errs.map((e) => `${where}${e.instancePath || ''}: ${e.message ?? 'invalid'}${e.params?.additionalProperty ? ` "${String(e.params.additionalProperty)}"` : ''}`);
}

function compileRegex(source: string, flags: string, where: string, problems: string[]): RegExp | undefined {
  try {
    return new RegExp(source, `g${flags}`);
  } catch (err) {
    problems.push(`${where}: invalid regex: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * Validate and compile the built-in rules plus the caller's. All problems are reported at once in
 * one `E_RULES_INVALID` error.
 */
export function buildRuleSet(opts: RuleOptions = {}): RuleSet {
  const problems: string[] = [];
  const specs: { spec: RuleSpec; origin: string }[] = [];
  const disabled = new Set(opts.disable ?? []);
  BUILTIN_RULES.forEach((spec, i) => {
    problems.push(...problemsOf(spec, `builtin rule #${i} (${spec.id})`));
    if (!disabled.has(spec.id)) specs.push({ spec, origin: 'builtin' });
  });
  (opts.extraRules ?? []).forEach((spec, i) => {
    const origin = opts.extraOrigin ?? 'config';
    problems.push(...problemsOf(spec, `${origin}: secrets.rules[${i}]`));
    if (!disabled.has(spec.id)) specs.push({ spec, origin });
  });
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  const keywords: (readonly string[])[] = [];
  for (const { spec, origin } of specs) {
    const where = `${origin === 'builtin' ? 'builtin rule' : `${origin}: rule`} ${spec.id}`;
    if (seen.has(spec.id)) problems.push(`${where}: duplicate rule id`);
    seen.add(spec.id);
    const re = compileRegex(spec.regex, spec.flags ?? '', where, problems);
    const allow: RegExp[] = [];
    for (const a of spec.allow ?? []) {
      const ar = compileRegex(a, '', `${where} allow`, problems);
      if (ar) allow.push(new RegExp(ar.source));
    }
    if (!re) continue;
    if (re.test('')) problems.push(`${where}: regex matches the empty string`);
    keywords.push(spec.keywords);
    rules.push({
      index: rules.length,
      id: spec.id,
      description: spec.description,
      provider: spec.provider ?? spec.id,
      check: spec.check ?? 'provider-key',
      re,
      secretGroup: spec.secretGroup,
      entropy: spec.entropy,
      allow,
      checksum: spec.checksum,
      multiline: spec.multiline ?? false,
      followedBy: spec.followedBy ? charTable(spec.followedBy) : undefined,
      followedWithin: spec.followedWithin ?? 48,
      windowBefore: spec.window?.[0] ?? 1024,
      windowAfter: spec.window?.[1] ?? 1024,
      severity: spec.severity,
      confidence: spec.confidence,
      note: spec.note,
      origin,
    });
  }
  const allow: RegExp[] = [];
  for (const a of opts.allow ?? []) {
    const ar = compileRegex(a, '', 'secrets.allow', problems);
    if (ar) allow.push(new RegExp(ar.source));
  }
  if (problems.length > 0) {
    throw new ToolError('E_RULES_INVALID', problems[0]!, { details: problems.slice(1) });
  }
  return { rules, matcher: new KeywordMatcher(keywords), allow };
}
