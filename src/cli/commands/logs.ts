import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ToolError } from '../../core/errors.js';
import type { JsonSchema } from '../../core/config.js';
import { slugOf } from '../../core/check.js';
import checks from '../../engines/logs/checks/index.js';
import type { AnalyzerOptions } from '../../engines/logs/engine.js';
import { readRevokedList, readSpecTemplates } from '../../engines/logs/load.js';
import type { LogSource } from '../../engines/logs/load.js';
import { JSON_FIELDS, JSON_PRESETS } from '../../engines/logs/parse/json.js';
import type { JsonField } from '../../engines/logs/parse/json.js';
import { runLogs } from '../../engines/logs/run.js';
import { INPUT_FORMATS } from '../../engines/logs/types.js';
import type { InputFormat } from '../../engines/logs/types.js';
import { addOutputOptions, finish, loadConfig, progressSink } from '../common.js';
import type { OutputOptions } from '../common.js';
import { registerConfigSection } from '../config-schema.js';
import type { CliContext } from '../context.js';
import type { DemoStep } from '../demo-steps.js';
import { generateLog } from '../../engines/logs/generator/index.js';

const regexList: JsonSchema = { type: 'array', items: { type: 'string', minLength: 1 } };

registerConfigSection('logs', {
  type: 'object',
  additionalProperties: false,
  description: 'rampart logs: input format, field mapping, classification of operations, baselines and detector thresholds.',
  properties: {
    format: { enum: [...INPUT_FORMATS] },
    preset: { enum: JSON_PRESETS.map((p) => p.name) },
    map: { type: 'object', additionalProperties: false, properties: Object.fromEntries(JSON_FIELDS.map((f) => [f, { type: 'string', minLength: 1 }])) },
    loginPaths: { ...regexList, description: 'regular expressions matched against path templates of login operations (POST)' },
    privilegedPaths: { ...regexList, description: 'regular expressions matched against path templates of privileged operations' },
    hashKey: { type: 'string', minLength: 16, description: 'HMAC key for token identities, so ids stay the same across runs (or set RAMPART_LOGS_HASH_KEY)' },
    warmupHours: { type: 'number', minimum: 0 },
    baselineHours: { type: 'number', minimum: 0 },
    minBaselineRequests: { type: 'integer', minimum: 1 },
    sampleLines: { type: 'integer', minimum: 1, maximum: 50 },
    revoked: { type: 'string', description: 'file of revoked tokens (as --revoked)' },
    spec: { type: 'string', description: 'OpenAPI document whose path templates name operations (as --spec)' },
    detectors: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(checks.map((c) => [slugOf(c.meta.id), { type: 'object', additionalProperties: false, properties: c.optionsSchema }])),
    },
  },
});

interface LogsConfig {
  format?: InputFormat;
  preset?: string;
  map?: Partial<Record<JsonField, string>>;
  loginPaths?: string[];
  privilegedPaths?: string[];
  hashKey?: string;
  warmupHours?: number;
  baselineHours?: number;
  minBaselineRequests?: number;
  sampleLines?: number;
  revoked?: string;
  spec?: string;
  detectors?: Record<string, Record<string, unknown>>;
}

interface LogsOptions extends OutputOptions {
  formatIn?: InputFormat;
  preset?: string;
  spec?: string;
  revoked?: string;
  map?: string[];
  warmupHours?: string;
  baselineHours?: string;
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

function parseMap(entries: readonly string[]): Partial<Record<JsonField, string>> {
  const out: Partial<Record<JsonField, string>> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    const field = eq > 0 ? e.slice(0, eq).trim() : '';
    const path = eq > 0 ? e.slice(eq + 1).trim() : '';
    if (!(JSON_FIELDS as readonly string[]).includes(field) || !path) {
      throw new ToolError('E_USAGE', `--map expects field=path with a field among ${JSON_FIELDS.join(', ')} (got "${e}")`);
    }
    out[field as JsonField] = path;
  }
  return out;
}

function compileCheck(patterns: readonly string[] | undefined, what: string): readonly string[] | undefined {
  for (const p of patterns ?? []) {
    try {
      new RegExp(p);
    } catch (err) {
      throw new ToolError('E_CONFIG_INVALID', `logs.${what}: invalid regular expression "${p}": ${(err as Error).message}`);
    }
  }
  return patterns;
}

function hours(v: string | undefined, fallback: number | undefined, flag: string): number | undefined {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ToolError('E_USAGE', `${flag} expects a number of hours (got "${v}")`);
  return n;
}

/** `rampart logs FILE... [-]`: credential attacks and token misuse in access logs. */
export function registerLogs(program: Command, ctx: CliContext): void {
  addOutputOptions(
    program
      .command('logs')
      .description('read API access logs (CLF, combined, JSON lines, AWS ALB; plain or gzip; "-" for stdin) and report brute force, password spraying, credential stuffing, enumeration, scraping and token misuse')
      .argument('<files...>', 'access-log files, or - for stdin')
      .addOption(new Option('--format-in <format>', 'input format').choices([...INPUT_FORMATS]))
      .addOption(new Option('--preset <name>', 'JSON field preset (default: detected)').choices(JSON_PRESETS.map((p) => p.name)))
      .option('--spec <file>', 'OpenAPI document: its path templates name the operations')
      .option('--revoked <file>', 'revoked tokens, one a line (raw token or jti:<id>, optionally followed by the ISO time of revocation)')
      .option('--map <field=path>', `JSON field mapping, repeatable; fields: ${JSON_FIELDS.join(', ')}`, collect)
      .option('--warmup-hours <n>', 'hours from the first line during which norm-based detectors only learn (default 24)')
      .option('--baseline-hours <n>', 'hours of each token\'s profile window (default 24)'),
  ).action(async (files: string[], opts: LogsOptions) => {
    const config = await loadConfig(opts, ctx);
    const lc = (config.logs ?? {}) as LogsConfig;
    const sources: LogSource[] = files.map((f) => (f === '-' ? { kind: 'stream', stream: process.stdin, name: '-' } : { kind: 'file', path: resolve(ctx.cwd, f), name: f }));
    const specFile = opts.spec ?? lc.spec;
    const revokedFile = opts.revoked ?? lc.revoked;
    const keyText = lc.hashKey ?? ctx.env.RAMPART_LOGS_HASH_KEY;
    const checkSettings = (config.checks ?? {}) as Record<string, { enabled?: boolean; options?: Record<string, unknown> }>;
    const enabled = checks.filter((c) => checkSettings[c.meta.id]?.enabled !== false);
    const checkOptions: Record<string, Record<string, unknown>> = {};
    for (const c of enabled) checkOptions[c.meta.id] = { ...(checkSettings[c.meta.id]?.options ?? {}), ...(lc.detectors?.[slugOf(c.meta.id)] ?? {}) };
    const spec = specFile ? await readSpecTemplates(resolve(ctx.cwd, specFile)) : undefined;
    const analyzer: AnalyzerOptions = {
      checks: enabled,
      checkOptions,
      hashKey: keyText ? Buffer.from(keyText, 'utf8') : randomBytes(32),
      format: opts.formatIn ?? lc.format ?? 'auto',
      fieldMap: { ...(lc.map ?? {}), ...parseMap(opts.map ?? []) },
      jsonPreset: opts.preset ?? lc.preset,
      loginPatterns: compileCheck(lc.loginPaths, 'loginPaths'),
      privilegedPatterns: compileCheck(lc.privilegedPaths, 'privilegedPaths'),
      specTemplates: spec?.templates,
      specPrivileged: spec?.privileged,
      revoked: revokedFile ? readRevokedList(resolve(ctx.cwd, revokedFile)) : undefined,
      warmupHours: hours(opts.warmupHours, lc.warmupHours, '--warmup-hours'),
      baselineHours: hours(opts.baselineHours, lc.baselineHours, '--baseline-hours'),
      minBaselineRequests: lc.minBaselineRequests,
      sampleLines: lc.sampleLines,
    };
    const progress = progressSink(opts, ctx);
    let run;
    try {
      run = await runLogs({ sources, analyzer, now: ctx.now, progress, signal: ctx.signal, memory: () => process.memoryUsage().rss });
    } finally {
      progress.end();
    }
    const { exitCode } = await finish([run], opts, config, ctx);
    ctx.exitCode = exitCode;
  });
}

/** `rampart demo`: generate a small access log with injected attacks and analyse it. */
export const logsDemoStep: DemoStep = {
  engine: 'logs',
  description: 'analyse a generated access log (two days of traffic with injected attacks)',
  async run(d) {
    const log = generateLog({ seed: 42, benignLines: 20_000, users: 120, days: 2, format: 'json' });
    const file = join(d.workDir, 'access.log');
    writeFileSync(file, `${[...log.lines].join('\n')}\n`);
    const revoked = join(d.workDir, 'revoked.txt');
    writeFileSync(revoked, log.revokedList);
    let spec: { templates: string[]; privileged: string[] } | undefined;
    try {
      spec = await readSpecTemplates(d.specFile);
    } catch {
      spec = undefined;
    }
    return runLogs({
      sources: [{ kind: 'file', path: file, name: 'access.log' }],
      analyzer: { checks, hashKey: randomBytes(32), specTemplates: spec?.templates, specPrivileged: spec?.privileged, revoked: readRevokedList(revoked), warmupHours: 20 },
      now: () => new Date(),
      progress: d.progress,
      signal: d.signal,
    });
  },
};
