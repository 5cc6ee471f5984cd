// The matcher: keyword prefilter, then each triggered rule's regex on the line (or window) around
// the keyword, then false-positive control. Pure: text in, matches out.
import type { Confidence, Severity } from '../../core/finding.js';
import { verifyCrc32Base62 } from './checksum.js';
import { shannonEntropy } from './entropy.js';
import { isTestPath, placeholderReason } from './fp.js';
import { isSourcePath, normalizeSource } from './normalize.js';
import type { CompiledRule, RuleSet } from './ruleset.js';
import type { RuleCheck } from './rules/schema.js';

/** One secret found in one text. Offsets and lines refer to the original text. */
export interface RawMatch {
  readonly ruleId: string;
  readonly check: RuleCheck;
  readonly secret: string;
  readonly start: number;
  readonly end: number;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly entropy: number;
  readonly confidence: Confidence;
  readonly severity?: Severity;
  /** Why confidence was lowered, or what raised it (checksum verified). */
  readonly reasons: readonly string[];
}

export interface TextFacts {
  /** Relative path (for test-path confidence and to decide whether the text is source code). */
  readonly path: string;
  /** Treat as source code even if the extension says otherwise (e.g. inline scripts). */
  readonly source?: boolean;
}

/** How far below its keyword a multi-line rule (PEM) looks. */
const MULTILINE_WINDOW = 32 * 1024;

const PRIORITY: Record<RuleCheck, number> = {
  'private-key': 0,
  'provider-key': 1,
  'public-key-by-design': 1,
  jwt: 2,
  'connection-string': 3,
  'generic-secret': 4,
};

interface Candidate {
  rule: CompiledRule;
  secret: string;
  start: number;
  end: number;
}

function secretOf(m: RegExpExecArray, rule: CompiledRule): { value: string; offset: number } | undefined {
  const groups = m.length;
  let g = rule.secretGroup;
  if (g === undefined) {
    g = 0;
    for (let i = 1; i < groups; i++) {
      if (m[i] !== undefined) {
        g = i;
        break;
      }
    }
  }
  const value = m[g];
  if (value === undefined || value.length === 0) return undefined;
  const offset = g === 0 ? 0 : m[0].indexOf(value);
  return { value, offset: offset < 0 ? 0 : offset };
}

/** Collect regex matches of the rules whose keywords occur in `text`. */
function candidates(text: string, rs: RuleSet): Candidate[] {
  const n = text.length;
  const doneUntil = new Int32Array(rs.rules.length).fill(-1);
  const out: Candidate[] = [];
  const seen = new Set<string>();
  // Hits arrive in text order: the current line's bounds are found once per line, not per hit
  // (minified bundles have lines of megabytes and thousands of hits on each).
  let ls = 0;
  let le = -1;
  rs.matcher.scan(text, (ri, end) => {
    const rule = rs.rules[ri]!;
    if (end > le) {
      ls = text.lastIndexOf('\n', end) + 1;
      le = text.indexOf('\n', end);
      if (le < 0) le = n;
    }
    const follow = rule.followedBy;
    if (follow) {
      const stop = Math.min(le, end + 1 + rule.followedWithin);
      let k = end + 1;
      while (k < stop && follow[text.charCodeAt(k) & 127] !== 1) k++;
      if (k >= stop) return;
    }
    let ws: number;
    let we: number;
    if (rule.multiline) {
      ws = ls;
      we = Math.min(n, ls + MULTILINE_WINDOW);
    } else {
      ws = Math.max(ls, end - rule.windowBefore);
      we = Math.min(le, end + rule.windowAfter);
    }
    // A narrow window (a rule whose match starts at its keyword) leaves room at its end for a match
    // that starts at a later keyword, so only hits well inside it are skipped.
    doneUntil[ri] = rule.multiline ? end + 1 : rule.windowAfter < 1024 ? Math.max(end + 1, we - 200) : we;
    const chunk = text.slice(ws, we);
    const re = rule.re;
    re.lastIndex = 0;
    for (let m = re.exec(chunk); m !== null; m = re.exec(chunk)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const s = secretOf(m, rule);
      if (!s) continue;
      const start = ws + m.index + s.offset;
      const key = `${ri}:${start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ rule, secret: s.value, start, end: start + s.value.length });
      if (rule.multiline) doneUntil[ri] = Math.max(doneUntil[ri]!, ws + m.index + m[0].length);
    }
  }, doneUntil);
  return out;
}

/** A JWT's first part must decode to a JSON object with an `alg`, or the match is not a token. */
function isJwtHeader(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** Find the secrets in one text. */
export function scanText(text: string, rs: RuleSet, facts: TextFacts): RawMatch[] {
  const norm = facts.source || isSourcePath(facts.path) ? normalizeSource(text) : undefined;
  const scanned = norm ? norm.text : text;
  const found = candidates(scanned, rs);
  if (found.length === 0) return [];
  // Where spans overlap (a generic rule and a provider rule on the same value), the more specific
  // rule wins. Overlapping candidates are grouped by a sweep in text order, so this stays linear
  // on bundles with thousands of candidates.
  found.sort((a, b) => a.start - b.start);
  const accepted: Candidate[] = [];
  const byPriority = (a: Candidate, b: Candidate) => PRIORITY[a.rule.check] - PRIORITY[b.rule.check] || a.rule.index - b.rule.index || a.start - b.start;
  for (let i = 0; i < found.length; ) {
    let j = i + 1;
    let clusterEnd = found[i]!.end;
    while (j < found.length && found[j]!.start < clusterEnd) clusterEnd = Math.max(clusterEnd, found[j++]!.end);
    if (j === i + 1) accepted.push(found[i]!);
    else {
      const kept: Candidate[] = [];
      for (const c of found.slice(i, j).sort(byPriority)) if (!kept.some((a) => c.start < a.end && a.start < c.end)) kept.push(c);
      accepted.push(...kept);
    }
    i = j;
  }
  const testPath = isTestPath(facts.path);
  const result: Omit<RawMatch, 'line' | 'column' | 'endLine'>[] = [];
  for (const c of accepted) {
    const { rule, secret } = c;
    if (rule.allow.some((a) => a.test(secret)) || rs.allow.some((a) => a.test(secret))) continue;
    if (rule.check !== 'private-key' && placeholderReason(secret, rule.check === 'generic-secret' || rule.check === 'connection-string')) continue;
    if (rule.check === 'jwt' && !isJwtHeader(secret)) continue;
    const entropy = shannonEntropy(rule.check === 'private-key' ? secret.replace(/-----[A-Z ]+-----|\s|\\n/g, '') : secret);
    if (rule.entropy !== undefined && entropy < rule.entropy) continue;
    const reasons: string[] = [];
    let confidence: Confidence = rule.confidence ?? (rule.check === 'generic-secret' ? 'medium' : 'high');
    if (rule.checksum === 'crc32-base62') {
      if (verifyCrc32Base62(secret)) reasons.push('checksum verified');
      else {
        confidence = 'low';
        reasons.push('checksum does not verify (likely a made-up token)');
      }
    }
    if (testPath) {
      confidence = 'low';
      reasons.push('in a test, fixture, example or docs path');
    }
    const start = norm ? norm.toOriginal(c.start) : c.start;
    const end = norm ? norm.toOriginal(c.end - 1) + 1 : c.end;
    result.push({ ruleId: rule.id, check: rule.check, secret, start, end, entropy: Math.round(entropy * 100) / 100, confidence, severity: rule.severity, reasons });
  }
  result.sort((a, b) => a.start - b.start);
  // Line numbers in one pass over the original text.
  const out: RawMatch[] = [];
  let line = 1;
  let lineStart = 0;
  let pos = 0;
  for (const r of result) {
    while (true) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0 || nl >= r.start) break;
      line++;
      lineStart = nl + 1;
      pos = nl + 1;
    }
    let endLine = line;
    for (let p = text.indexOf('\n', r.start); p >= 0 && p < r.end; p = text.indexOf('\n', p + 1)) endLine++;
    out.push({ ...r, line, column: r.start - lineStart + 1, endLine });
  }
  return out;
}
