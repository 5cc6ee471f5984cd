import type { Finding } from '../../../core/finding.js';
import type { AttackKind, AttackLabel } from './index.js';

/** How findings compare with the generator's labels. */
export interface Evaluation {
  /** Per attack kind: attacks injected and attacks found by the expected check. */
  readonly perKind: Record<string, { injected: number; found: number }>;
  /** Findings that match no injected attack. */
  readonly falseAlerts: Finding[];
  /** Attacks not found by their expected check. */
  readonly missed: AttackLabel[];
}

const SLACK = 30 * 60_000;

function principalsOf(f: Finding, idOf: (credential: string) => string, label: AttackLabel): boolean {
  const d = (f.evidence?.data ?? {}) as { principal?: string; principalKind?: string };
  const want = `${d.principalKind}:${d.principal}`;
  for (const p of label.principals) {
    if (p.startsWith('credential:')) {
      if (d.principalKind === 'token' && d.principal === idOf(p.slice('credential:'.length))) return true;
    } else if (p === want) return true;
  }
  return false;
}

function overlaps(f: Finding, l: AttackLabel): boolean {
  if (f.location.kind !== 'log') return false;
  const a = Date.parse(f.location.time);
  const b = Date.parse(f.location.endTime ?? f.location.time);
  return a <= l.end + SLACK && b >= l.start - SLACK;
}

/** Match findings to labelled attacks by principal and time. `idOf` maps a raw credential to its token id. */
export function evaluate(findings: readonly Finding[], labels: readonly AttackLabel[], idOf: (credential: string) => string): Evaluation {
  const perKind: Record<string, { injected: number; found: number }> = {};
  const missed: AttackLabel[] = [];
  const matched = new Set<Finding>();
  for (const l of labels) {
    const k = (perKind[l.kind as AttackKind] ??= { injected: 0, found: 0 });
    k.injected++;
    let found = false;
    for (const f of findings) {
      if (!overlaps(f, l) || !principalsOf(f, idOf, l)) continue;
      matched.add(f);
      if (f.checkId === l.expectedCheck) found = true;
    }
    if (found) k.found++;
    else missed.push(l);
  }
  return { perKind, falseAlerts: findings.filter((f) => !matched.has(f)), missed };
}
