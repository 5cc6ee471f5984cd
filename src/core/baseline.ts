import type { Finding } from './finding.js';

/** One entry of a suppression file. `reason` is required; `expires` is an ISO date. */
export interface Suppression {
  /** A check id, or `*` for any. */
  readonly check: string;
  readonly fingerprint?: string;
  /** A glob on the file (file/spec/log findings) or the path template (http findings). */
  readonly path?: string;
  readonly reason: string;
  readonly expires?: string;
}

/** What applying suppressions did: the findings (suppressed ones marked) and the expired entries. */
export interface SuppressionResult {
  readonly findings: Finding[];
  readonly expired: Suppression[];
}

/** Keep only findings whose fingerprint is not in the baseline. */
export function applyBaseline(findings: readonly Finding[], baselineFingerprints: ReadonlySet<string>): Finding[] {
  return findings.filter((f) => !baselineFingerprints.has(f.fingerprint));
}

/** Translate a glob (`*`, `**`, `?`) to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function locationPath(f: Finding): string {
  const l = f.location;
  return l.kind === 'http' ? l.path : l.file;
}

function matches(s: Suppression, f: Finding): boolean {
  if (s.check !== '*' && s.check !== f.checkId) return false;
  if (s.fingerprint && s.fingerprint !== f.fingerprint) return false;
  if (s.path && !globToRegExp(s.path).test(locationPath(f))) return false;
  return true;
}

/**
 * Mark findings matched by a live suppression. An expired suppression (its date before `today`,
 * `YYYY-MM-DD`) suppresses nothing and is returned in `expired` so the caller can say so.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], today: string): SuppressionResult {
  const live = suppressions.filter((s) => !s.expires || s.expires >= today);
  const expired = suppressions.filter((s) => s.expires !== undefined && s.expires < today);
  const out = findings.map((f) => {
    if (f.suppression) return f;
    const s = live.find((x) => matches(x, f));
    return s ? { ...f, suppression: { reason: s.reason, source: 'suppression file' } } : f;
  });
  return { findings: out, expired };
}

const COMMENT_LINE = /^\s*(\/\/|#|\/\*|\*|<!--|--)/;
const INLINE = /rampart-ignore:\s*(\S+)(?:\s+(.*?))?\s*(?:\*\/|-->)?\s*$/;

/** Parse an inline `rampart-ignore: <rule> <reason>` comment from a line of source. */
export function parseInlineIgnore(line: string): { check: string; reason: string } | undefined {
  // Cheap test first: findings can sit on megabyte-long minified lines.
  if (!line.includes('rampart-ignore:')) return undefined;
  const m = INLINE.exec(line);
  if (!m) return undefined;
  return { check: m[1]!, reason: (m[2] ?? '').trim() };
}

/**
 * Mark file findings whose line, or a comment line just above, carries `rampart-ignore: <rule> <reason>`.
 * A comment without a reason does not suppress (the reason is required).
 * `readLine(file, n)` returns line n (1-based) of a scanned file, or undefined.
 */
export function applyInlineIgnores(
  findings: readonly Finding[],
  readLine: (file: string, line: number) => string | undefined,
): Finding[] {
  return findings.map((f) => {
    if (f.suppression || f.location.kind !== 'file') return f;
    const { file, startLine } = f.location;
    for (const n of [startLine, startLine - 1]) {
      if (n < 1) continue;
      const text = readLine(file, n);
      // The line above counts only when it is a comment of its own, not a trailing one.
      if (n !== startLine && (text === undefined || !COMMENT_LINE.test(text))) continue;
      const ig = text === undefined ? undefined : parseInlineIgnore(text);
      if (ig && ig.reason && (ig.check === f.checkId || ig.check === '*' || ig.check === f.checkId.split('/')[1])) {
        return { ...f, suppression: { reason: ig.reason, source: `inline comment at ${file}:${n}` } };
      }
    }
    return f;
  });
}
