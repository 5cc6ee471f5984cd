// `rampart secrets`: walk the sources (trees, files, archives, git history), scan them on a worker
// pool or inline, and turn matches into findings through the engine's checks.
import { availableParallelism } from 'node:os';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { statSync } from 'node:fs';
import { ToolError } from '../../core/errors.js';
import type { Finding } from '../../core/finding.js';
import type { ProgressSink } from '../../core/progress.js';
import { noProgress } from '../../core/progress.js';
import type { EngineRun, Notification } from '../../core/report.js';
import checks from './checks/index.js';
import type { SecretCheck, SecretMatch } from './define.js';
import { secretHash } from './define.js';
import { DEFAULT_LIMITS, scanFile } from './process.js';
import type { FileResult, LocatedMatch, ScanLimits } from './process.js';
import { scanInPool } from './pool.js';
import { buildRuleSet } from './ruleset.js';
import type { CompiledRule, RuleOptions } from './ruleset.js';
import type { RuleSpec } from './rules/schema.js';
import { scanText } from './scan.js';
import { readGitHistory } from './sources/git.js';
import { walkTree } from './sources/walk.js';

export interface SecretsOptions {
  /** Files or directories, absolute or relative to `cwd`. */
  readonly paths: readonly string[];
  readonly cwd: string;
  /** Scan git history (every commit's added lines) instead of the working tree. */
  readonly git?: boolean;
  readonly showSecrets?: boolean;
  /** Honour .gitignore files (default true). */
  readonly gitignore?: boolean;
  readonly maxFileSize?: number;
  readonly rules?: readonly RuleSpec[];
  readonly rulesOrigin?: string;
  readonly disableRules?: readonly string[];
  readonly allow?: readonly string[];
  readonly allowPaths?: readonly string[];
  /** Worker threads; 0 scans on the calling thread. Default: inline for small scans, else one per core. */
  readonly workers?: number;
  readonly limits?: Partial<ScanLimits>;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

const CHECK_BY_KIND = new Map<string, SecretCheck>(checks.map((c) => [c.meta.id.slice('secrets/'.length), c]));

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Run the secrets engine. */
export async function runSecrets(opts: SecretsOptions): Promise<EngineRun> {
  const now = opts.now ?? (() => new Date());
  const progress = opts.progress ?? noProgress;
  const startedAt = now().toISOString();
  const t0 = performance.now();
  const ruleOptions: RuleOptions = { extraRules: opts.rules, extraOrigin: opts.rulesOrigin, disable: opts.disableRules, allow: opts.allow };
  const rs = buildRuleSet(ruleOptions);
  const ruleById = new Map<string, CompiledRule>(rs.rules.map((r) => [r.id, r]));
  const limits: ScanLimits = { ...DEFAULT_LIMITS, ...(opts.maxFileSize ? { maxFileSize: opts.maxFileSize } : {}), ...opts.limits };
  const paths = (opts.paths.length > 0 ? opts.paths : ['.']).map((p) => (isAbsolute(p) ? p : resolve(opts.cwd, p)));
  for (const p of paths) {
    if (!statSync(p, { throwIfNoEntry: false })) throw new ToolError('E_INPUT_MISSING', `no such file or directory: ${p}`, { position: { file: p } });
  }
  const notifications: Notification[] = [];
  const matches: (LocatedMatch & { commit?: string; author?: string; date?: string })[] = [];
  const stats: Record<string, number | string> = {};
  const showSecrets = opts.showSecrets ?? false;

  if (opts.git) {
    const seen = new Set<string>();
    let blocks = 0;
    let bytes = 0;
    let commits = 0;
    for (const dir of paths) {
      const gitDir = statSync(dir).isDirectory() ? dir : dirname(dir);
      const s = await readGitHistory(
        gitDir,
        (b) => {
          blocks++;
          for (const m of scanText(b.text, rs, { path: b.file })) {
            // The first commit that added a given secret to a given file is the one to report.
            const key = `${b.file}\n${m.ruleId}\n${secretHash(m.secret)}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const line = b.lines[m.line - 1] ?? m.line;
            matches.push({ ...m, line, endLine: line + (m.endLine - m.line), file: b.file, kind: 'text', commit: b.commit, author: b.author, date: b.date });
          }
          if (blocks % 500 === 0) progress({ engine: 'secrets', phase: 'reading history', done: blocks, message: `${matches.length} found` });
        },
        opts.signal,
      );
      bytes += s.bytes;
      commits += s.commits;
    }
    stats.commits = commits;
    stats.historyBytes = bytes;
    stats.blocks = blocks;
  } else {
    const files: { abs: string; rel: string; size: number }[] = [];
    const singleDir = paths.length === 1 && statSync(paths[0]!).isDirectory() ? paths[0]! : undefined;
    for (const p of paths) {
      if (statSync(p).isDirectory()) {
        const base = singleDir ?? opts.cwd;
        for (const f of walkTree(p, { gitignore: opts.gitignore !== false, extraIgnore: opts.allowPaths, signal: opts.signal })) {
          const rel = singleDir ? f.rel : toPosix(relative(base, f.abs));
          files.push({ abs: f.abs, rel: rel.startsWith('..') ? f.rel : rel, size: f.size });
        }
      } else {
        const rel = toPosix(relative(opts.cwd, p));
        files.push({ abs: p, rel: rel.startsWith('..') ? basename(p) : rel, size: statSync(p).size });
      }
    }
    const totalBytes = files.reduce((a, f) => a + f.size, 0);
    const threads = opts.workers ?? (files.length < 200 && totalBytes < 16 * 1024 * 1024 ? 0 : Math.max(1, Math.min(8, availableParallelism())));
    let done = 0;
    let scannedBytes = 0;
    let binarySkipped = 0;
    let members = 0;
    const take = (r: FileResult, f: { rel: string; size: number }) => {
      done++;
      scannedBytes += f.size;
      binarySkipped += r.binarySkipped;
      members += r.files;
      matches.push(...r.matches);
      for (const n of r.notes) notifications.push({ level: n.level, code: n.code, message: n.message, engine: 'secrets', subject: n.subject });
      if (done % 200 === 0 || done === files.length) progress({ engine: 'secrets', phase: 'scanning', done, total: files.length });
    };
    if (threads === 0) {
      for (const f of files) {
        if (opts.signal?.aborted) break;
        take(scanFile(f.abs, f.rel, rs, limits), f);
      }
    } else {
      await scanInPool(files, threads, ruleOptions, limits, take, opts.signal);
    }
    stats.files = files.length;
    stats.bytes = scannedBytes;
    stats.filesAndMembersScanned = members;
    stats.binarySkipped = binarySkipped;
    stats.threads = threads;
  }

  const findings: Finding[] = [];
  for (const m of matches) {
    const rule = ruleById.get(m.ruleId);
    const check = CHECK_BY_KIND.get(m.check);
    if (!rule || !check) continue;
    const sm: SecretMatch = { ...m, description: rule.description, provider: rule.provider, note: rule.note };
    findings.push(check.toFinding(sm, { showSecrets }));
  }
  findings.sort((a, b) => {
    const la = a.location.kind === 'file' ? a.location : undefined;
    const lb = b.location.kind === 'file' ? b.location : undefined;
    return (la?.file ?? '').localeCompare(lb?.file ?? '') || (la?.startLine ?? 0) - (lb?.startLine ?? 0);
  });
  const seconds = (performance.now() - t0) / 1000;
  stats.rules = rs.rules.length;
  stats.findings = findings.length;
  stats.seconds = Math.round(seconds * 1000) / 1000;
  const mb = Number(stats.bytes ?? stats.historyBytes ?? 0) / 1e6;
  stats.mbPerSecond = seconds > 0 ? Math.round((mb / seconds) * 10) / 10 : 0;
  return {
    engine: 'secrets',
    target: opts.git ? `git history of ${paths.join(', ')}` : paths.join(', '),
    startedAt,
    finishedAt: now().toISOString(),
    checks: checks.map((c) => c.meta),
    findings,
    notifications,
    stats,
  };
}
