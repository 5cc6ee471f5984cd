import { findingMaker } from '../../core/create.js';
import { ToolError } from '../../core/errors.js';
import { lazyRequire } from '../../core/lazy.js';
import type { Finding, Severity, SpecLocation } from '../../core/finding.js';
import type { ProgressSink } from '../../core/progress.js';
import { noProgress } from '../../core/progress.js';
import type { EngineRun, Notification } from '../../core/report.js';
import { pointerSegments } from '../../core/yaml-source.js';
import type { Operation } from '../../surface/model.js';
import type { LoadedSpec } from '../../surface/openapi.js';
import type { SpecPlace } from '../../surface/refs.js';
import { SPEC_CHECKS } from './checks/index.js';
import type { ScoreCategory, SpecCheck, SpecReport } from './define.js';
import { buildSpecDoc } from './doc.js';
import { computeScore } from './score.js';
import type { SpecScore } from './score.js';

const ajvLib = lazyRequire<typeof import('ajv')>('ajv');

/** Per-check settings from the `checks` section of the config. */
export interface CheckSetting {
  readonly enabled?: boolean;
  readonly severity?: Severity;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface SpecAuditOptions {
  /** Default: every spec check. */
  readonly checks?: readonly SpecCheck[];
  readonly settings?: Readonly<Record<string, CheckSetting>>;
  /** Operations meant to be anonymous, as `GET /health` or `* /public/*` (`*` matches any text). */
  readonly publicOperations?: readonly string[];
  /** How a file is named in findings (e.g. relative to the working directory). */
  readonly displayFile?: (file: string) => string;
  readonly now?: () => Date;
  readonly progress?: ProgressSink;
}

const IGNORE_KEY = 'x-rampart-ignore';

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

/** The reasons an `x-rampart-ignore` value gives, by check id (`*` for all checks). */
function ignoreEntries(v: unknown): { check: string; reason: string }[] {
  if (Array.isArray(v)) {
    return v.filter(isObj).map((e) => ({ check: String(e.check ?? ''), reason: typeof e.reason === 'string' ? e.reason.trim() : '' }));
  }
  if (isObj(v)) return Object.entries(v).map(([check, reason]) => ({ check, reason: typeof reason === 'string' ? reason.trim() : '' }));
  if (typeof v === 'string') return [{ check: v, reason: '' }];
  return [];
}

/** Where a check's `at` points: a root-file pointer, a place, or an object of the resolved model. */
export function resolvePlace(spec: LoadedSpec, at: SpecReport['at']): SpecPlace {
  if (typeof at === 'string') return { file: spec.rootFile, pointer: at };
  const a = at as Partial<SpecPlace>;
  if (typeof a.file === 'string' && typeof a.pointer === 'string') return { file: a.file, pointer: a.pointer };
  return spec.originOf(at) ?? { file: spec.rootFile, pointer: '' };
}

/**
 * Audit a loaded OpenAPI document: run the checks, place each finding on its file, pointer, line
 * and column, apply `x-rampart-ignore`, and compute the score (`extras.score`). Pure apart from
 * the injected clock.
 */
export function runSpecAudit(spec: LoadedSpec, options: SpecAuditOptions = {}): EngineRun {
  const now = options.now ?? (() => new Date(0));
  const progress = options.progress ?? noProgress;
  const startedAt = now();
  const settings = options.settings ?? {};
  const display = options.displayFile ?? ((f: string) => f);
  // Findings mostly come from one file: its display name is asked for once.
  let displayedFile: string | undefined;
  let displayedName = '';
  const displayOf = (file: string): string => {
    if (file !== displayedFile) {
      displayedName = display(file);
      displayedFile = file;
    }
    return displayedName;
  };
  const publicRes = (options.publicOperations ?? []).map(globToRegExp);
  const isPublic = publicRes.length > 0 ? (op: Operation) => publicRes.some((r) => r.test(op.key)) : undefined;
  const checks = (options.checks ?? SPEC_CHECKS).filter((c) => settings[c.meta.id]?.enabled !== false);

  // Options are validated before anything runs, all problems at once.
  let ajv: import('ajv').Ajv | undefined;
  const problems: string[] = [];
  for (const c of checks) {
    const opts = settings[c.meta.id]?.options;
    if (opts === undefined) continue;
    ajv ??= new (ajvLib().Ajv)({ allErrors: true, strict: false });
    const validate = ajv.compile(c.optionsSchema ?? { type: 'object', additionalProperties: false });
    if (!validate(opts)) problems.push(`checks.${c.meta.id}.options: ${ajv.errorsText(validate.errors, { dataVar: 'options' })}`);
  }
  if (problems.length > 0) throw new ToolError('E_CONFIG_INVALID', problems[0]!, { details: problems.slice(1) });

  const doc = buildSpecDoc(spec, { isPublic });
  const notifications: Notification[] = [];
  const findings: Finding[] = [];
  // What each check id has reported: file -> key -> pointers. Nested maps of strings the findings
  // hold anyway, so a report allocates no composite key to look up.
  const seen = new Map<string, Map<string, Map<string, Set<string>>>>();
  /** The pointers a check (its map of `seen`) has reported in a file with a key. */
  const pointersOf = (byFile: Map<string, Map<string, Set<string>>>, file: string, key: string): Set<string> => {
    let byKey = byFile.get(file);
    if (byKey === undefined) byFile.set(file, (byKey = new Map()));
    let pointers = byKey.get(key);
    if (pointers === undefined) byKey.set(key, (pointers = new Set()));
    return pointers;
  };
  const categories = new Map<string, ScoreCategory>();

  // A place as given (most checks report one) is used as it is, not copied.
  const placeOf = (at: SpecReport['at']): SpecPlace =>
    typeof at === 'object' && typeof (at as Partial<SpecPlace>).file === 'string' && typeof (at as Partial<SpecPlace>).pointer === 'string' ? (at as SpecPlace) : resolvePlace(spec, at);

  // Most documents have no x-rampart-ignore at all: then no finding needs the ancestor walk.
  const mayIgnore = [...spec.files.values()].some((d) => {
    const text = (d as { text?: unknown }).text;
    return typeof text !== 'string' || text.includes(IGNORE_KEY);
  });
  const warnedIgnores = new Set<string>();
  /** The nearest `x-rampart-ignore` for a check on the way from the file's root to each place. */
  const findIgnore = (checkId: string, places: SpecPlace[]) => {
    for (const place of places) {
      let node = spec.files.get(place.file)?.value;
      let pointer = '';
      const segs = pointerSegments(place.pointer);
      for (let i = 0; i <= segs.length && node !== null && typeof node === 'object'; i++) {
        const here = (node as Record<string, unknown>)[IGNORE_KEY];
        if (here !== undefined && !Array.isArray(node)) {
          for (const e of ignoreEntries(here)) {
            if (e.check !== checkId && e.check !== '*') continue;
            const where = `${display(place.file)}:${spec.positionOf(place.file, `${pointer}/${IGNORE_KEY}`).line}`;
            if (e.reason) return { ...e, where };
            if (!warnedIgnores.has(where)) {
              warnedIgnores.add(where);
              notifications.push({ level: 'warning', code: 'ignore-without-reason', engine: 'spec', checkId, subject: where, message: `${IGNORE_KEY} for ${checkId} at ${where} gives no reason and is not applied` });
            }
          }
        }
        if (i === segs.length) break;
        const seg = segs[i]!;
        node = (node as Record<string, unknown>)[seg];
        pointer += `/${seg.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      }
    }
    return undefined;
  };

  let done = 0;
  for (let c = 0; c < checks.length; c++) {
    const check = checks[c]!;
    progress({ engine: 'spec', phase: 'auditing', done, total: checks.length, message: check.meta.id });
    done++;
    categories.set(check.meta.id, check.category);
    if (check.formats && !check.formats.includes(spec.version)) continue;
    const make = findingMaker(check.meta, settings[check.meta.id]?.severity);
    let byFile = seen.get(check.meta.id);
    if (byFile === undefined) seen.set(check.meta.id, (byFile = new Map()));
    const reported = byFile;
    // The pointer set of the last file and key reported: most checks report one file, without keys.
    let lastFile: string | undefined;
    let lastKey: string | undefined;
    let lastPointers: Set<string> | undefined;
    const report = (r: SpecReport) => {
      const place = placeOf(r.at);
      const key = r.key ?? '';
      let pointers = lastPointers;
      if (pointers === undefined || place.file !== lastFile || key !== lastKey) {
        pointers = lastPointers = pointersOf(reported, place.file, key);
        lastFile = place.file;
        lastKey = key;
      }
      // Whether this check already reported this place and key: one add instead of a has and an add.
      const before = pointers.size;
      pointers.add(place.pointer);
      if (pointers.size === before) return;
      const pos = spec.positionOf(place.file, place.pointer);
      const location: SpecLocation = { kind: 'spec', file: displayOf(place.file), pointer: place.pointer, line: pos.line, column: pos.column };
      let f = make(r.messageId, r.data, location, r.evidence, r.severity, r.confidence, r.key);
      const ignore = mayIgnore ? findIgnore(check.meta.id, r.op ? [place, r.op.place] : [place]) : undefined;
      if (ignore) f = { ...f, suppression: { reason: ignore.reason, source: `${IGNORE_KEY} at ${ignore.where}` } };
      findings.push(f);
    };
    try {
      check.run(doc, report, settings[check.meta.id]?.options ?? {});
    } catch (err) {
      notifications.push({ level: 'error', code: 'check-failed', engine: 'spec', checkId: check.meta.id, message: `${check.meta.id} failed: ${(err as Error).message}` });
    }
  }
  progress({ engine: 'spec', phase: 'auditing', done, total: checks.length });

  const score: SpecScore = computeScore(findings, (id) => categories.get(id));
  let suppressed = 0;
  for (let i = 0; i < findings.length; i++) if (findings[i]!.suppression) suppressed++;
  const finishedAt = now();
  return {
    engine: 'spec',
    target: display(spec.rootFile),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    checks: checks.map((c) => c.meta),
    findings,
    notifications,
    stats: {
      openapi: spec.versionString,
      operations: spec.surface.operations.length,
      files: spec.files.size,
      findings: findings.length - suppressed,
      suppressed,
      score: score.overall,
    },
    extras: { score },
  };
}
