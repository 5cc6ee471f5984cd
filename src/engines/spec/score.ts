import type { Finding, Severity } from '../../core/finding.js';
import { SCORE_CATEGORIES } from './define.js';
import type { ScoreCategory } from './define.js';

/** Points one finding of a severity takes off its category (docs/spec.md). */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 40, high: 15, medium: 6, low: 2, info: 0 };
/** The most one rule can take off its category, however many findings it has. */
export const RULE_CAP = 30;
/** How much each category counts in the overall score. */
export const CATEGORY_WEIGHTS: Readonly<Record<ScoreCategory, number>> = {
  authentication: 3,
  authorization: 3,
  'data-exposure': 2,
  'input-validation': 1,
  'resource-consumption': 1,
  misconfiguration: 2,
  ssrf: 1,
  inventory: 1,
  structure: 1,
};

export interface CategoryScore {
  readonly name: ScoreCategory;
  readonly score: number;
  /** Unsuppressed findings counted. */
  readonly findings: number;
}

export interface SpecScore {
  readonly overall: number;
  readonly categories: readonly CategoryScore[];
  /** The categories with the lowest scores (below 100), worst first, at most three. */
  readonly worst: readonly string[];
}

/**
 * The open score. Per rule, the penalty is the weight of its most severe finding times
 * (1 + log2 n) for n findings, capped at RULE_CAP; a category scores 100 minus the sum of its
 * rules' penalties (at least 0); the overall score is the weighted mean of the categories.
 */
export function computeScore(findings: readonly Finding[], categoryOf: (checkId: string) => ScoreCategory | undefined): SpecScore {
  const byRule = new Map<string, { n: number; weight: number; category: ScoreCategory }>();
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (f.suppression) continue;
    const category = categoryOf(f.checkId);
    if (!category) continue;
    const r = byRule.get(f.checkId) ?? { n: 0, weight: 0, category };
    r.n++;
    r.weight = Math.max(r.weight, SEVERITY_WEIGHTS[f.severity]);
    byRule.set(f.checkId, r);
  }
  const penalty = new Map<ScoreCategory, number>();
  const counts = new Map<ScoreCategory, number>();
  for (const r of byRule.values()) {
    const p = Math.min(RULE_CAP, r.weight * (1 + Math.log2(r.n)));
    penalty.set(r.category, (penalty.get(r.category) ?? 0) + p);
    counts.set(r.category, (counts.get(r.category) ?? 0) + r.n);
  }
  const categories = SCORE_CATEGORIES.map((name) => ({
    name,
    score: Math.max(0, Math.round(100 - (penalty.get(name) ?? 0))),
    findings: counts.get(name) ?? 0,
  }));
  let sum = 0;
  let weights = 0;
  for (const c of categories) {
    sum += c.score * CATEGORY_WEIGHTS[c.name];
    weights += CATEGORY_WEIGHTS[c.name];
  }
  const worst = [...categories]
    .filter((c) => c.score < 100)
    .sort((a, b) => a.score - b.score || b.findings - a.findings)
    .slice(0, 3)
    .map((c) => c.name);
  return { overall: Math.round(sum / weights), categories, worst };
}
