import type { CheckMeta } from '../../core/check.js';
import { createFinding } from '../../core/create.js';
import type { Finding } from '../../core/finding.js';
import type { Notification } from '../../core/report.js';
import type { Detector, DetectorEnv, IncidentHandle, IncidentInput, LogCheck } from './define.js';
import { LineDeriver } from './derive.js';
import type { DeriveOptions, DeriveSummary, FileStats, MalformedSample } from './derive.js';
import { maskLine } from './mask-line.js';
import { TokenProfiles } from './profile.js';
import { lineRef, markLine, sameLine } from './state.js';
import type { LineRef, LogEvent } from './types.js';

export type { RevokedEntry, RevokedList } from './derive.js';

/** Everything the analysis needs; the CLI builds it from flags and config. */
export interface AnalyzerOptions extends DeriveOptions {
  readonly checks: readonly LogCheck<any>[];
  /** Per check id: option overrides (merged over the check's defaults). */
  readonly checkOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Norm-based detectors learn for this long from the first line before they raise incidents. */
  readonly warmupHours?: number;
  readonly baselineHours?: number;
  readonly minBaselineRequests?: number;
  /** Masked sample lines kept per incident. */
  readonly sampleLines?: number;
  readonly maxIncidents?: number;
}

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
  /** What the detector reported; its `event` and `first` are valid only during `report` (events are reused). */
  readonly input: IncidentInput;
  readonly first: LineRef;
  /** The incident's latest line (updated in place). */
  readonly last: LineRef;
  lines: number;
  windows: number;
  /** Masked lines, or where to read them back (parallel runs) as `[file, line, offset]`. */
  readonly samples: (string | [string, number, number])[];
  counts: Record<string, number>;
}

const MAX_TIMELINE = 10_000;

/** Which message each principal kind has in `principal` strings of findings. */
function principalLabel(i: IncidentInput): string {
  return `${i.principalKind} ${i.principal}`;
}

/** The streaming analyser: feed lines file by file, then `finish()`. Pure: no I/O, no clock. */
export class LogAnalyzer {
  private readonly detectors: Detector[] = [];
  private readonly deriver: LineDeriver;
  private readonly profiles: TokenProfiles;
  private readonly warmupMs: number;
  private readonly sampleLines: number;
  private readonly maxIncidents: number;
  private slots = 0;
  private readonly incidents = new Map<string, Incident>();
  private readonly timeline: TimelineEntry[] = [];
  private firstTime = Number.NaN;
  private lastTime = Number.NaN;
  private droppedIncidents = 0;

  constructor(private readonly o: AnalyzerOptions) {
    this.deriver = new LineDeriver(o);
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
      this.detectors.push(check.create(options, env));
    }
  }

  /** Start a new input (a file or stdin); line numbers restart at 1. */
  beginFile(name: string): void {
    this.deriver.beginFile(name);
  }

  /** Analyse one line (without its newline); `offset` is its byte position in the input, if known. */
  line(text: string, lineNo: number, offset = -1): void {
    const e = this.deriver.derive(text, lineNo, offset);
    if (e) this.observe(e);
  }

  get lines(): number {
    return this.deriver.lines;
  }

  get parsed(): number {
    return this.deriver.parsed;
  }

  get malformed(): number {
    return this.deriver.malformed;
  }

  /** Run the detectors on one event (derived here, or in a parse worker); events come in line order. */
  observe(e: LogEvent): void {
    if (Number.isNaN(this.firstTime)) this.firstTime = e.time;
    if (!(e.time <= this.lastTime)) this.lastTime = e.time;
    if (e.tokenId) e.profile = this.profiles.of(e);
    const ds = this.detectors;
    for (let i = 0; i < ds.length; i++) ds[i]!.observe(e);
    if (e.profile) this.profiles.observe(e, e.profile);
  }

  /** Take over the line counts of a parse worker that derived the events fed to `observe`. */
  absorb(s: DeriveSummary): void {
    this.deriver.absorb(s);
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
      // copies: a detector reuses its window's reference, a parallel run reuses the event object
      inc = { check, input: i, first: lineRef(i.first ?? i.event), last: lineRef(i.event), lines: 1, windows: 1, samples: [], counts: { ...i.counts } };
      if (i.first && !sameLine(i.first, i.event)) this.sample(inc, i.first);
      this.sample(inc, i.event);
      this.incidents.set(id, inc);
    } else {
      inc.windows++;
      markLine(inc.last, i.event);
      for (const [k, v] of Object.entries(i.counts)) if (v > (inc.counts[k] ?? -Infinity)) inc.counts[k] = v;
      this.sample(inc, i.event);
    }
    const target = inc;
    return {
      extend: (e: LogEvent) => {
        target.lines++;
        markLine(target.last, e);
        this.sample(target, e);
      },
    };
  }

  private sample(inc: Incident, e: LineRef): void {
    if (inc.samples.length >= this.sampleLines) return;
    inc.samples.push(e.raw || e.offset < 0 ? `${e.file}:${e.line}: ${maskLine(e.raw)}` : [e.file, e.line, e.offset]);
  }

  /**
   * Build the findings, notifications, stats and timeline of everything fed so far. `lineAt` reads
   * a sampled line back from its input by byte offset (parallel runs, whose events carry no text).
   */
  finish(lineAt?: (file: string, offset: number) => string): { findings: Finding[]; notifications: Notification[]; stats: Record<string, number | string>; timeline: TimelineEntry[]; malformed: MalformedSample[]; checks: CheckMeta[] } {
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
          lines: inc.samples.map((x) => (typeof x === 'string' ? x : `${x[0]}:${x[1]}: ${maskLine(lineAt?.(x[0], x[2]) ?? '')}`)),
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
      const reasons = this.deriver.reasons().map(([r, n]) => `${r} (${n})`).join(', ');
      notifications.push({ level: 'warning', code: 'lines-malformed', engine: 'logs', message: `${this.malformed} of ${this.lines} lines could not be read: ${reasons}` });
      for (const s of this.deriver.samples()) notifications.push({ level: 'note', code: 'line-malformed', engine: 'logs', subject: `${s.file}:${s.line}`, message: `${s.reason}: ${s.text}` });
    }
    if (this.droppedIncidents > 0) notifications.push({ level: 'warning', code: 'incidents-capped', engine: 'logs', message: `${this.droppedIncidents} further incidents were dropped after the first ${this.maxIncidents}` });
    if (this.parsed > 0 && this.lastTime - this.firstTime < this.warmupMs) {
      notifications.push({ level: 'note', code: 'short-log', engine: 'logs', message: `the log covers less than the ${this.warmupMs / 3_600_000} h warm-up: scraping and enumeration only raised incidents on strong signals, and token profiles may not be complete` });
    }
    const stats: Record<string, number | string> = {
      files: this.deriver.filesSeen().size,
      lines: this.lines,
      parsed: this.parsed,
      malformed: this.malformed,
      incidents: findings.length,
      tokensProfiled: this.profiles.size,
    };
    for (const [f, s] of this.deriver.filesSeen()) stats[`format:${f}`] = s.format;
    if (!Number.isNaN(this.firstTime)) {
      stats.firstTime = new Date(this.firstTime).toISOString();
      stats.lastTime = new Date(this.lastTime).toISOString();
    }
    const timeline = [...this.timeline].sort((a, b) => a.time.localeCompare(b.time));
    return { findings, notifications, stats, timeline, malformed: this.deriver.samples(), checks: this.o.checks.map((c) => c.meta) };
  }

  /** Per-file counts (lines, parsed, malformed, detected format). */
  filesSeen(): ReadonlyMap<string, FileStats> {
    return this.deriver.filesSeen();
  }
}
