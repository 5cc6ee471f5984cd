import type { CheckMeta } from '../../core/check.js';
import { createFinding } from '../../core/create.js';
import type { Finding } from '../../core/finding.js';
import type { Notification } from '../../core/report.js';
import type { Detector, DetectorEnv, IncidentHandle, IncidentInput, LogCheck } from './define.js';
import { CredentialHasher, bodyUser, credentialValue } from './identity.js';
import { maskLine } from './mask-line.js';
import { SpecTemplates, compilePatterns, networkOf, templatePath, DEFAULT_LOGIN_PATTERNS, DEFAULT_PRIVILEGED_PATTERNS } from './normalize.js';
import type { Templated } from './normalize.js';
import { parseClfLine } from './parse/clf.js';
import { looksLikeAlb, parseAlbLine } from './parse/alb.js';
import { mappingProblems, parseJsonLine, resolveMapping } from './parse/json.js';
import type { JsonField, JsonMapping } from './parse/json.js';
import { TokenProfiles } from './profile.js';
import type { InputFormat, LogEvent, LogRecord } from './types.js';
import { Interner, own } from './state.js';

/** Everything the analysis needs; the CLI builds it from flags and config. */
export interface AnalyzerOptions {
  readonly checks: readonly LogCheck<any>[];
  /** Per check id: option overrides (merged over the check's defaults). */
  readonly checkOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The HMAC key for token identities (random per run unless configured). */
  readonly hashKey: Buffer;
  readonly format?: InputFormat;
  /** `--map field=path` overrides for JSON lines. */
  readonly fieldMap?: Readonly<Partial<Record<JsonField, string>>>;
  /** A JSON preset to force (nginx, envoy, traefik, kong). */
  readonly jsonPreset?: string;
  readonly loginPatterns?: readonly string[];
  readonly privilegedPatterns?: readonly string[];
  /** Path templates from an API description. */
  readonly specTemplates?: readonly string[];
  /** Templates the API description marks as privileged (admin/internal tags). */
  readonly specPrivileged?: readonly string[];
  /** Revoked credentials: raw token values (with or without a scheme) or JWT ids, with the time of revocation. */
  readonly revoked?: RevokedList;
  /** Norm-based detectors learn for this long from the first line before they raise incidents. */
  readonly warmupHours?: number;
  readonly baselineHours?: number;
  readonly minBaselineRequests?: number;
  /** Masked sample lines kept per incident. */
  readonly sampleLines?: number;
  readonly maxIncidents?: number;
}

/** A revoked credential: a raw token or a JWT id; uses before `since` (epoch ms, 0 = always) are fine. */
export type RevokedEntry = { readonly token: string; readonly since: number } | { readonly jti: string; readonly since: number };
export type RevokedList = readonly RevokedEntry[];

/** One point of the incident timeline (extras.timeline). */
export interface TimelineEntry {
  readonly time: string;
  readonly checkId: string;
  readonly principal: string;
  /** The count that crossed the threshold. */
  readonly count: number;
}

interface Incident {
  readonly check: LogCheck<any>;
  readonly input: IncidentInput;
  readonly first: LogEvent;
  last: LogEvent;
  lines: number;
  windows: number;
  readonly samples: string[];
  counts: Record<string, number>;
}

interface MalformedSample {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

const MAX_MALFORMED_SAMPLES = 10;
const MAX_TIMELINE = 10_000;

/** A small number per HTTP method, combined with a template id into an operation id. */
function methodCode(m: string): number {
  switch (m) {
    case 'GET':
      return 1;
    case 'POST':
      return 2;
    case 'PUT':
      return 3;
    case 'DELETE':
      return 4;
    case 'PATCH':
      return 5;
    case 'HEAD':
      return 6;
    case 'OPTIONS':
      return 7;
    default:
      return 0;
  }
}

/** Which message each principal kind has in `principal` strings of findings. */
function principalLabel(i: IncidentInput): string {
  return `${i.principalKind} ${i.principal}`;
}

/** The streaming analyser: feed lines file by file, then `finish()`. Pure: no I/O, no clock. */
export class LogAnalyzer {
  private readonly detectors: { check: LogCheck<any>; detector: Detector }[] = [];
  private readonly hasher: CredentialHasher;
  private readonly loginRe: RegExp | undefined;
  private readonly privRe: RegExp | undefined;
  private readonly spec: SpecTemplates | undefined;
  private readonly revokedIds = new Map<string, number>();
  private readonly specPrivileged: ReadonlySet<string>;
  private readonly revokedJtis = new Map<string, number>();
  private readonly profiles: TokenProfiles;
  private readonly warmupMs: number;
  private readonly sampleLines: number;
  private readonly maxIncidents: number;
  private pathCache = new Map<string, Templated>();
  private readonly interner = new Interner(200_000);
  private slots = 0;
  private readonly templateCache = new Map<string, { login: boolean; priv: boolean }>();
  private readonly incidents = new Map<string, Incident>();
  private readonly timeline: TimelineEntry[] = [];
  private readonly malformedSamples: MalformedSample[] = [];
  private readonly malformedReasons = new Map<string, number>();
  private readonly fileStats = new Map<string, { lines: number; parsed: number; malformed: number; format: string }>();
  private file = '';
  private mapping: JsonMapping | undefined;
  private mappingError = '';
  private fileFormat = 'unknown';
  private firstTime = Number.NaN;
  private lastTime = Number.NaN;
  private droppedIncidents = 0;
  lines = 0;
  parsed = 0;
  malformed = 0;

  constructor(private readonly o: AnalyzerOptions) {
    this.hasher = new CredentialHasher(o.hashKey);
    this.loginRe = compilePatterns(o.loginPatterns ?? DEFAULT_LOGIN_PATTERNS);
    this.privRe = compilePatterns(o.privilegedPatterns ?? DEFAULT_PRIVILEGED_PATTERNS);
    this.spec = o.specTemplates && o.specTemplates.length > 0 ? new SpecTemplates(o.specTemplates) : undefined;
    this.specPrivileged = new Set(o.specPrivileged ?? []);
    for (const r of o.revoked ?? []) {
      if ('token' in r) this.revokedIds.set(this.hasher.idOf(credentialValue(r.token.trim())), r.since);
      else this.revokedJtis.set(r.jti, r.since);
    }
    this.warmupMs = (o.warmupHours ?? 24) * 3_600_000;
    this.sampleLines = o.sampleLines ?? 5;
    this.maxIncidents = o.maxIncidents ?? 10_000;
    this.profiles = new TokenProfiles({
      baselineMs: (o.baselineHours ?? 24) * 3_600_000,
      minBaselineRequests: o.minBaselineRequests ?? 20,
      maxTokens: 200_000,
    });
    for (const check of o.checks) {
      const env: DetectorEnv = {
        report: (i) => this.report(check, i),
        warmupUntil: () => this.firstTime + this.warmupMs,
        profile: (e) => e.profile ?? this.profiles.of(e),
        slot: () => this.slots++,
      };
      const options = { ...check.defaults, ...(o.checkOptions?.[check.meta.id] ?? {}) };
      this.detectors.push({ check, detector: check.create(options, env) });
    }
  }

  /** Start a new input (a file or stdin); line numbers restart at 1. */
  beginFile(name: string): void {
    this.file = name;
    this.mapping = undefined;
    this.mappingError = '';
    this.fileFormat = 'unknown';
    this.fileStats.set(name, { lines: 0, parsed: 0, malformed: 0, format: 'unknown' });
  }

  /** Analyse one line (without its newline). */
  line(text: string, lineNo: number): void {
    const fs = this.fileStats.get(this.file)!;
    if (text.length === 0 || (text.length === 1 && text.charCodeAt(0) === 13)) return;
    this.lines++;
    fs.lines++;
    const rec = this.parse(text);
    if (typeof rec === 'string') {
      this.malformed++;
      fs.malformed++;
      this.malformedReasons.set(rec, (this.malformedReasons.get(rec) ?? 0) + 1);
      if (this.malformedSamples.length < MAX_MALFORMED_SAMPLES) this.malformedSamples.push({ file: this.file, line: lineNo, reason: rec, text: maskLine(text.slice(0, 300)) });
      return;
    }
    this.parsed++;
    fs.parsed++;
    fs.format = this.fileFormat;
    this.observe(rec, text, lineNo);
  }

  private parse(text: string): LogRecord | string {
    const fmt = this.o.format ?? 'auto';
    if (text.indexOf('\u0000') >= 0) return 'binary data';
    const c = text.charCodeAt(0);
    if (fmt === 'json' || (fmt === 'auto' && c === 123)) {
      if (!this.mapping) {
        if (this.mappingError) return this.mappingError;
        let sample: unknown;
        try {
          sample = JSON.parse(text);
        } catch {
          return 'not valid JSON';
        }
        if (sample === null || typeof sample !== 'object' || Array.isArray(sample)) return 'not a JSON object';
        const m = resolveMapping(sample as Record<string, unknown>, this.o.fieldMap, this.o.jsonPreset);
        const missing = mappingProblems(m);
        if (missing.length > 0) {
          this.mappingError = `JSON fields not found for ${missing.join(', ')} (use --map field=path)`;
          return this.mappingError;
        }
        this.mapping = m;
        this.fileFormat = `json (${m.preset})`;
      }
      return parseJsonLine(text, this.mapping);
    }
    if (fmt === 'alb' || (fmt === 'auto' && c === 104 && looksLikeAlb(text)) || (fmt === 'auto' && (c === 119 || c === 103) && looksLikeAlb(text))) {
      if (this.fileFormat === 'unknown') this.fileFormat = 'aws-alb';
      return parseAlbLine(text);
    }
    if (this.fileFormat === 'unknown') this.fileFormat = 'clf/combined';
    return parseClfLine(text);
  }

  private templateOf(path: string): Templated {
    if (!this.spec) return templatePath(path);
    let t = this.pathCache.get(path);
    if (t) return t;
    t = this.spec.match(path) ?? templatePath(path);
    if (this.pathCache.size >= 100_000) this.pathCache = new Map();
    this.pathCache.set(own(path), { template: own(t.template), objectId: t.objectId });
    return t;
  }

  private observe(r: LogRecord, raw: string, lineNo: number): void {
    if (Number.isNaN(this.firstTime)) this.firstTime = r.time;
    if (!(r.time <= this.lastTime)) this.lastTime = r.time;
    const t = this.templateOf(r.path);
    let cls = this.templateCache.get(t.template);
    if (!cls) {
      cls = { login: Boolean(this.loginRe?.test(t.template)), priv: Boolean(this.privRe?.test(t.template)) || this.specPrivileged.has(t.template) };
      if (this.templateCache.size < 50_000) this.templateCache.set(own(t.template), cls);
    }
    let tokenId = '';
    let sub = '';
    let isRevoked = false;
    let net = '';
    let netId = 0;
    let uaId = 0;
    if (r.credential) {
      const id = this.hasher.identify(r.credential);
      tokenId = id.tokenId;
      sub = id.sub;
      if (id.lastIp === r.ip) {
        net = id.lastNet;
        netId = id.lastNetId;
      } else {
        net = networkOf(r.ip);
        netId = this.interner.id(net);
        id.lastIp = own(r.ip);
        id.lastNet = net;
        id.lastNetId = netId;
      }
      if (id.lastUa === r.ua) uaId = id.lastUaId;
      else {
        uaId = this.interner.id(r.ua);
        id.lastUa = own(r.ua);
        id.lastUaId = uaId;
      }
      if (this.revokedIds.size > 0 || this.revokedJtis.size > 0) {
        const since = this.revokedIds.get(tokenId) ?? (id.jti !== '' ? this.revokedJtis.get(id.jti) : undefined);
        isRevoked = since !== undefined && r.time >= since;
      }
    }
    const isLogin = cls.login && r.method === 'POST';
    const account = r.user || (isLogin && r.body ? bodyUser(r.body) : '') || sub;
    if (!net) net = networkOf(r.ip);
    const op = `${r.method} ${t.template}`;
    const e = r as LogEvent;
    e.file = this.file;
    e.line = lineNo;
    e.raw = raw;
    e.tokenId = tokenId;
    e.sub = sub;
    e.account = account;
    e.principal = tokenId || account || r.ip;
    e.net = net;
    e.template = t.template;
    e.op = op;
    e.uaId = uaId;
    e.netId = netId;
    e.opId = this.interner.id(t.template) * 16 + methodCode(r.method);
    e.objectId = t.objectId;
    e.isLogin = isLogin;
    e.loginOk = isLogin && r.status >= 200 && r.status < 400;
    e.loginFailed = isLogin && (r.status === 401 || r.status === 403);
    e.isPrivileged = cls.priv;
    e.isRevoked = isRevoked;
    if (tokenId) e.profile = this.profiles.of(e);
    const ds = this.detectors;
    for (let i = 0; i < ds.length; i++) ds[i]!.detector.observe(e);
    if (e.profile) this.profiles.observe(e, e.profile);
  }

  private report(check: LogCheck<any>, i: IncidentInput): IncidentHandle {
    const checkId = check.meta.id;
    const id = `${checkId}\n${i.principalKind}\n${i.principal}\n${i.key ?? ''}`;
    let inc = this.incidents.get(id);
    const count = Object.values(i.counts)[0] ?? 0;
    if (this.timeline.length < MAX_TIMELINE) this.timeline.push({ time: new Date(i.event.time).toISOString(), checkId, principal: principalLabel(i), count });
    if (!inc) {
      if (this.incidents.size >= this.maxIncidents) {
        this.droppedIncidents++;
        return { extend: () => {} };
      }
      const first = i.first ?? i.event;
      inc = { check, input: i, first, last: i.event, lines: 1, windows: 1, samples: [], counts: { ...i.counts } };
      if (i.first && i.first !== i.event) this.sample(inc, i.first);
      this.sample(inc, i.event);
      this.incidents.set(id, inc);
    } else {
      inc.windows++;
      inc.last = i.event;
      for (const [k, v] of Object.entries(i.counts)) if (v > (inc.counts[k] ?? -Infinity)) inc.counts[k] = v;
      this.sample(inc, i.event);
    }
    const target = inc;
    return {
      extend: (e: LogEvent) => {
        target.lines++;
        target.last = e;
        this.sample(target, e);
      },
    };
  }

  private sample(inc: Incident, e: LogEvent): void {
    if (inc.samples.length < this.sampleLines) inc.samples.push(`${e.file}:${e.line}: ${maskLine(e.raw)}`);
  }

  /** Build the findings, notifications, stats and timeline of everything fed so far. */
  finish(): { findings: Finding[]; notifications: Notification[]; stats: Record<string, number | string>; timeline: TimelineEntry[]; malformed: MalformedSample[]; checks: CheckMeta[] } {
    const findings: Finding[] = [];
    for (const inc of this.incidents.values()) {
      const i = inc.input;
      const meta = inc.check.meta;
      const sameFile = inc.last.file === inc.first.file;
      const finding = createFinding(meta, {
        messageId: i.messageId,
        data: i.data,
        key: `${i.principalKind}:${i.principal}:${i.key ?? ''}`,
        severity: i.severity,
        confidence: i.confidence,
        location: {
          kind: 'log',
          file: inc.first.file,
          line: inc.first.line,
          time: new Date(inc.first.time).toISOString(),
          ...(sameFile && inc.last.line !== inc.first.line ? { endLine: inc.last.line } : {}),
          endTime: new Date(inc.last.time).toISOString(),
        },
        evidence: {
          summary: `${principalLabel(i)}: ${Object.entries(inc.counts)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
          lines: inc.samples,
          data: {
            principal: i.principal,
            principalKind: i.principalKind,
            window: { start: new Date(i.windowStart).toISOString(), firstLine: inc.first.line, lastTime: new Date(inc.last.time).toISOString() },
            counts: inc.counts,
            thresholds: i.thresholds,
            linesInIncident: inc.lines,
            windows: inc.windows,
          },
        },
      });
      findings.push(finding);
    }
    findings.sort((a, b) => {
      const la = a.location.kind === 'log' ? a.location.time : '';
      const lb = b.location.kind === 'log' ? b.location.time : '';
      return la.localeCompare(lb) || a.checkId.localeCompare(b.checkId);
    });
    const notifications: Notification[] = [];
    if (this.malformed > 0) {
      const reasons = [...this.malformedReasons.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} (${n})`).join(', ');
      notifications.push({ level: 'warning', code: 'lines-malformed', engine: 'logs', message: `${this.malformed} of ${this.lines} lines could not be read: ${reasons}` });
      for (const s of this.malformedSamples) notifications.push({ level: 'note', code: 'line-malformed', engine: 'logs', subject: `${s.file}:${s.line}`, message: `${s.reason}: ${s.text}` });
    }
    if (this.droppedIncidents > 0) notifications.push({ level: 'warning', code: 'incidents-capped', engine: 'logs', message: `${this.droppedIncidents} further incidents were dropped after the first ${this.maxIncidents}` });
    if (this.parsed > 0 && this.lastTime - this.firstTime < this.warmupMs) {
      notifications.push({ level: 'note', code: 'short-log', engine: 'logs', message: `the log covers less than the ${this.warmupMs / 3_600_000} h warm-up: scraping and enumeration only raised incidents on strong signals, and token profiles may not be complete` });
    }
    const stats: Record<string, number | string> = {
      files: this.fileStats.size,
      lines: this.lines,
      parsed: this.parsed,
      malformed: this.malformed,
      incidents: findings.length,
      tokensProfiled: this.profiles.size,
    };
    for (const [f, s] of this.fileStats) stats[`format:${f}`] = s.format;
    if (!Number.isNaN(this.firstTime)) {
      stats.firstTime = new Date(this.firstTime).toISOString();
      stats.lastTime = new Date(this.lastTime).toISOString();
    }
    const timeline = [...this.timeline].sort((a, b) => a.time.localeCompare(b.time));
    return { findings, notifications, stats, timeline, malformed: [...this.malformedSamples], checks: this.o.checks.map((c) => c.meta) };
  }

  /** Per-file counts (lines, parsed, malformed, detected format). */
  filesSeen(): ReadonlyMap<string, { lines: number; parsed: number; malformed: number; format: string }> {
    return this.fileStats;
  }
}
