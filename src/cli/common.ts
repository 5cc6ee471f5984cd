import { mkdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { loadConfigFile } from '../core/config.js';
import { ToolError } from '../core/errors.js';
import { SEVERITIES, isAtLeast } from '../core/finding.js';
import type { Severity } from '../core/finding.js';
import { applyBaseline, applyInlineIgnores, applySuppressions } from '../core/baseline.js';
import type { Suppression } from '../core/baseline.js';
import { makeReport } from '../core/report.js';
import type { EngineRun, Report } from '../core/report.js';
import type { ProgressEvent, ProgressSink } from '../core/progress.js';
import { parseSourceDocument } from '../core/yaml-source.js';
import { validateWithPositions } from '../core/config.js';
import type { JsonSchema } from '../core/config.js';
import { FILE_NAMES, FORMATS, renderReport, renderReportParts } from '../report/index.js';
import { reportProblems } from '../report/schema.js';
import type { Format } from '../report/index.js';
import { suppressionSchema } from './config-schema.js';
import type { CliContext } from './context.js';
import { VERSION } from './context.js';
import { writeFileParts, writeParts } from './output.js';

/** The options every engine command shares. */
export interface OutputOptions {
  format?: string[];
  out?: string;
  failOn?: string;
  quiet?: boolean;
  color?: boolean;
  baseline?: string;
  suppressions?: string;
  config?: string;
  debug?: boolean;
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** Add the shared output flags to a command. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', `output format, repeatable: ${FORMATS.join(', ')}`).argParser(collect))
    .option('-o, --out <dir>', 'write report files into this directory')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITIES, 'none']))
    .option('-q, --quiet', 'no progress, only the report and errors')
    .option('--no-color', 'no colours in console output')
    .option('--baseline <report.json>', 'report only findings whose fingerprints are not in this earlier JSON report')
    .option('--suppressions <file>', 'YAML/JSON file of suppressions (each with a reason and an optional expiry)')
    .option('-c, --config <file>', 'config file (default: rampart.config.yaml or .json in the working directory)')
    .option('--debug', 'print stack traces of unexpected errors');
}

/** Find and load the config file: the one named, or rampart.config.{yaml,yml,json} in cwd. */
export async function loadConfig(opts: { config?: string; out?: string }, ctx: CliContext): Promise<Record<string, unknown>> {
  const config = await readConfig(opts, ctx);
  checkOutDir(opts.out ?? (config.out as string | undefined), ctx);
  return config;
}

async function readConfig(opts: { config?: string }, ctx: CliContext): Promise<Record<string, unknown>> {
  if (opts.config) {
    const p = resolve(ctx.cwd, opts.config);
    if (!existsSync(p)) throw new ToolError('E_CONFIG_READ', `config file not found: ${opts.config}`, { position: { file: opts.config } });
    return loadConfigFile(p, await fullConfigSchema());
  }
  for (const name of ['rampart.config.yaml', 'rampart.config.yml', 'rampart.config.json']) {
    const p = join(ctx.cwd, name);
    if (existsSync(p)) return loadConfigFile(p, await fullConfigSchema());
  }
  return {};
}

/**
 * Refuse an output directory that cannot be made (a file of its name, or of one of its parents'),
 * before the run rather than after it: a scan's report would otherwise be lost at the end.
 */
function checkOutDir(out: string | undefined, ctx: CliContext): void {
  if (!out) return;
  const dir = resolve(ctx.cwd, out);
  for (let p = dir; ; p = dirname(p)) {
    let st;
    try {
      st = statSync(p, { throwIfNoEntry: false });
    } catch {
      // ENOTDIR: a parent is a file, found on the way up.
    }
    if (st?.isDirectory()) return;
    if (st) throw new ToolError('E_USAGE', `cannot write the report into ${out}: ${p === dir ? 'it is' : `${p} is`} a file, not a directory`);
    if (dirname(p) === p) return;
  }
}

/** The config schema with every engine's section (its own module: see full-config-schema.ts). */
async function fullConfigSchema(): Promise<JsonSchema> {
  return (await import('./full-config-schema.js')).fullConfigSchema();
}

/** Read the fingerprints of an earlier JSON report. */
export function readBaseline(path: string): Set<string> {
  const report = readReportFile(path);
  const set = new Set<string>();
  for (const r of report.runs) for (const f of r.findings) set.add(f.fingerprint);
  return set;
}

/** Read and minimally validate a JSON report written by Rampart. */
export function readReportFile(path: string): Report {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ToolError('E_INPUT_MISSING', `cannot read report ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { position: { file: path }, cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ToolError('E_REPORT_PARSE', `${path}: not a JSON report: ${(err as Error).message}`, { position: { file: path }, cause: err });
  }
  const v = value as Partial<Report> | null;
  if (!v || typeof v !== 'object' || typeof v.formatVersion !== 'string' || !Array.isArray(v.runs)) {
    throw new ToolError('E_REPORT_PARSE', `${path}: not a Rampart JSON report (no formatVersion/runs)`, { position: { file: path } });
  }
  if (!v.formatVersion.startsWith('1.')) {
    throw new ToolError('E_REPORT_PARSE', `${path}: report format ${v.formatVersion} is not supported (expected 1.x)`, { position: { file: path } });
  }
  const problems = reportProblems(v);
  if (problems.length > 0) {
    throw new ToolError('E_REPORT_PARSE', `${path}: not a valid Rampart report: ${problems[0]}`, { position: { file: path }, details: problems.slice(1).map((p) => `${path}: ${p}`) });
  }
  return v as Report;
}

/** Read a suppression file: `{ suppressions: [...] }` or a bare list. */
export function readSuppressions(path: string): Suppression[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ToolError('E_CONFIG_READ', `cannot read suppression file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { position: { file: path }, cause: err });
  }
  const doc = parseSourceDocument(text, path, 'E_CONFIG_INVALID');
  const schema = {
    anyOf: [
      { type: 'array', items: suppressionSchema },
      { type: 'object', additionalProperties: false, required: ['suppressions'], properties: { suppressions: { type: 'array', items: suppressionSchema } } },
    ],
  };
  validateWithPositions(doc.value, schema, (p) => doc.positionOf(p), path);
  const v = doc.value as Suppression[] | { suppressions: Suppression[] };
  return (Array.isArray(v) ? v : v.suppressions).map((s) => ({ ...s, expires: s.expires === undefined ? undefined : String(s.expires) }));
}

/** A progress sink: a live line on a TTY, a plain line at most every 2 s otherwise, nothing when quiet. */
export function progressSink(opts: OutputOptions, ctx: CliContext): ProgressSink & { end(): void } {
  const tty = Boolean(ctx.stderr.isTTY);
  let last = 0;
  let drawn = false;
  const sink = (e: ProgressEvent) => {
    if (opts.quiet) return;
    const t = ctx.now().getTime();
    const pct = e.total ? ` ${Math.min(100, Math.floor((e.done / e.total) * 100))}%` : '';
    const count = e.total ? `${e.done}/${e.total}` : `${e.done}`;
    if (tty) {
      if (t - last < 80) return;
      last = t;
      const width = 24;
      const filled = e.total ? Math.round((Math.min(e.done, e.total) / e.total) * width) : 0;
      const bar = e.total ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]` : '';
      ctx.stderr.write(`\r\x1b[2K${e.engine}: ${e.phase} ${bar} ${count}${pct}${e.message ? ` ${e.message}` : ''}`.slice(0, 200));
      drawn = true;
    } else {
      if (t - last < 2000 && !(e.total && e.done >= e.total)) return;
      last = t;
      ctx.stderr.write(`${e.engine}: ${e.phase} ${count}${pct}${e.message ? ` ${e.message}` : ''}\n`);
    }
  };
  sink.end = () => {
    if (drawn) ctx.stderr.write('\r\x1b[2K');
    drawn = false;
  };
  return sink;
}

/** The severity threshold: flag, then config, then `high`. */
export function failThreshold(opts: OutputOptions, config: Record<string, unknown>): Severity | 'none' {
  return (opts.failOn ?? (config.failOn as string | undefined) ?? 'high') as Severity | 'none';
}

/**
 * Turn engine runs into the report the user sees: apply config severities, the baseline and
 * suppressions, write every requested format, print the console report, and return the exit code.
 */
export async function finish(runs: readonly EngineRun[], opts: OutputOptions, config: Record<string, unknown>, ctx: CliContext): Promise<{ report: Report; exitCode: number }> {
  const today = ctx.now().toISOString().slice(0, 10);
  const checkSettings = (config.checks ?? {}) as Record<string, { enabled?: boolean; severity?: Severity }>;
  const baselinePath = opts.baseline ?? (config.baseline as string | undefined);
  const baseline = baselinePath ? readBaseline(resolve(ctx.cwd, baselinePath)) : undefined;
  const suppressions: Suppression[] = [...((config.suppressions as Suppression[] | undefined) ?? [])];
  if (opts.suppressions) suppressions.push(...readSuppressions(resolve(ctx.cwd, opts.suppressions)));

  const expiredAll = new Map<string, Suppression>();
  const finalRuns = runs.map((run) => {
    let findings = run.findings
      .filter((f) => checkSettings[f.checkId]?.enabled !== false)
      .map((f) => (checkSettings[f.checkId]?.severity ? { ...f, severity: checkSettings[f.checkId]!.severity! } : f));
    if (baseline) findings = applyBaseline(findings, baseline);
    findings = applyInlineIgnores(findings, lineReader(resolve(ctx.cwd, run.target)));
    const res = applySuppressions(findings, suppressions, today);
    for (const e of res.expired) expiredAll.set(JSON.stringify(e), e);
    const notifications = [...run.notifications];
    return { ...run, findings: res.findings, notifications };
  });
  const expired = [...expiredAll.values()];
  if (expired.length > 0 && finalRuns.length > 0) {
    const first = finalRuns[0]!;
    finalRuns[0] = {
      ...first,
      notifications: [
        ...first.notifications,
        ...expired.map((s) => ({
          level: 'warning' as const,
          code: 'suppression-expired',
          message: `suppression for ${s.check}${s.path ? ` (${s.path})` : ''} expired on ${s.expires} and no longer applies: ${s.reason}`,
        })),
      ],
    };
  }
  const report = makeReport(finalRuns, VERSION, ctx.now().toISOString());
  writeOutputs(report, opts, config, ctx);
  const threshold = failThreshold(opts, config);
  // Only whether one finding reaches the threshold matters: no need for allFindings' sorted list.
  const failing = threshold !== 'none' && report.runs.some((r) => r.findings.some((f) => !f.suppression && isAtLeast(f.severity, threshold)));
  return { report, exitCode: failing ? 1 : 0 };
}

/**
 * Reads line n of a file below `root` (file findings are relative to their run's target), cached,
 * for inline `rampart-ignore` comments. Archive members and unreadable files yield undefined.
 */
function lineReader(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!cache.has(file)) {
      let lines: string[] | undefined;
      try {
        const p = isAbsolute(file) ? file : join(root, file);
        const st = statSync(p);
        if (st.isFile() && st.size <= 5 * 1024 * 1024) lines = readFileSync(p, 'utf8').split('\n');
      } catch {
        lines = undefined;
      }
      cache.set(file, lines);
    }
    return cache.get(file)?.[line - 1];
  };
}

/** Write the requested formats: into `--out` as files, else to stdout (console by default). */
export function writeOutputs(report: Report, opts: OutputOptions, config: Record<string, unknown>, ctx: CliContext): void {
  const formats = (opts.format ?? (config.format as string[] | undefined) ?? []) as string[];
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new ToolError('E_USAGE', `unknown format "${f}" (known: ${FORMATS.join(', ')})`);
  }
  const color = opts.color !== false && Boolean(ctx.stdout.isTTY) && !ctx.env.NO_COLOR;
  const outDir = opts.out ?? (config.out as string | undefined);
  if (outDir) {
    const dir = isAbsolute(outDir) ? outDir : resolve(ctx.cwd, outDir);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new ToolError('E_USAGE', `cannot write the report into ${outDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
    const fileFormats = (formats.length > 0 ? formats : ['json']) as Format[];
    for (const f of fileFormats) {
      if (f === 'console') continue;
      writeFileParts(join(dir, FILE_NAMES[f]), (emit) => renderReportParts(report, f, emit, { color: false }));
    }
    if (!opts.quiet || formats.includes('console')) ctx.stdout.write(renderReport(report, 'console', { color }));
    if (!opts.quiet) ctx.stderr.write(`report written to ${dir}\n`);
    return;
  }
  const stdoutFormats = (formats.length > 0 ? formats : ['console']) as Format[];
  for (const f of stdoutFormats) writeParts(ctx.stdout, (emit) => renderReportParts(report, f, emit, { color: f === 'console' && color }));
}

