import type { CheckMeta } from './check.js';
import type { EngineName, Finding, Severity } from './finding.js';
import { SEVERITIES, compareSeverity } from './finding.js';

/** The version of the JSON report format (docs/report-format.md). */
export const REPORT_FORMAT_VERSION = '1.0';

/** Something the tool wants the user to know that is not a finding: a skipped file, a failed check. */
export interface Notification {
  readonly level: 'error' | 'warning' | 'note';
  /** Stable code, e.g. `file-skipped`, `check-failed`, `probe-inconclusive`. */
  readonly code: string;
  readonly message: string;
  readonly engine?: EngineName;
  readonly checkId?: string;
  /** File or URL the notification is about. */
  readonly subject?: string;
}

/** What one engine did in one run. */
export interface EngineRun {
  readonly engine: EngineName;
  /** What was analysed: a URL, a directory, a spec file, log files. */
  readonly target: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Metadata of every check that ran (also those that found nothing), for SARIF rules and JUnit cases. */
  readonly checks: readonly CheckMeta[];
  readonly findings: readonly Finding[];
  readonly notifications: readonly Notification[];
  /** Counts and measurements: requests sent, files read, lines per second... */
  readonly stats: Readonly<Record<string, number | string>>;
  /** Engine-specific sections (spec score, permission matrix, route inventory, log timeline). */
  readonly extras?: Readonly<Record<string, unknown>>;
}

/** What reporters render: one or several engine runs. */
export interface Report {
  readonly formatVersion: string;
  readonly tool: { readonly name: 'rampart'; readonly version: string };
  readonly createdAt: string;
  readonly runs: readonly EngineRun[];
}

/** A report from runs. `createdAt` comes from the caller (no clock in core). */
export function makeReport(runs: readonly EngineRun[], version: string, createdAt: string): Report {
  return { formatVersion: REPORT_FORMAT_VERSION, tool: { name: 'rampart', version }, createdAt, runs };
}

/** All findings of a report, most severe first, then by check id. */
export function allFindings(report: Report, opts: { includeSuppressed?: boolean } = {}): Finding[] {
  const out: Finding[] = [];
  for (const r of report.runs) for (const f of r.findings) if (opts.includeSuppressed || !f.suppression) out.push(f);
  return out.sort((a, b) => compareSeverity(a.severity, b.severity) || a.checkId.localeCompare(b.checkId));
}

/** Every check's metadata in a report, by id. */
export function allChecks(report: Report): Map<string, CheckMeta> {
  const m = new Map<string, CheckMeta>();
  for (const r of report.runs) for (const c of r.checks) m.set(c.id, c);
  return m;
}

/** Finding counts per severity (unsuppressed only). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Merge reports (several engines' or several runs') into one assessment. */
export function mergeReports(reports: readonly Report[], version: string, createdAt: string): Report {
  return makeReport(reports.flatMap((r) => r.runs), version, createdAt);
}
