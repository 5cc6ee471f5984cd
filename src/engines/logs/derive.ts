import { CredentialHasher, bodyUser, credentialValue } from './identity.js';
import type { CredentialIdentity } from './identity.js';
import { maskLine } from './mask-line.js';
import { SpecTemplates, compilePatterns, networkOf, templatePath, DEFAULT_LOGIN_PATTERNS, DEFAULT_PRIVILEGED_PATTERNS } from './normalize.js';
import type { Templated } from './normalize.js';
import { AT_CREDENTIAL, AT_CREDENTIAL_END, AT_IP_END, AT_PATH, AT_PATH_END, AT_SIZE, AT_UA, AT_UA_END, parseClfLine, unescape } from './parse/clf.js';
import { looksLikeAlb, parseAlbLine } from './parse/alb.js';
import { mappingProblems, parseJsonLine, resolveMapping } from './parse/json.js';
import type { JsonField, JsonMapping } from './parse/json.js';
import type { InputFormat, LogEvent, LogRecord } from './types.js';
import { OVERLONG_LINE, OVERLONG_REASON } from './types.js';
import { ByteKeyCache, Interner, RecentCache, hash32, own } from './state.js';
import { NO_ACCOUNT, NO_FILE, NO_IP, NO_METHOD, NO_NET, NO_OP, NO_TOKEN, NO_UA } from './transfer.js';
import type { StringTable } from './transfer.js';

/** A revoked credential: a raw token or a JWT id; uses before `since` (epoch ms, 0 = always) are fine. */
export type RevokedEntry = { readonly token: string; readonly since: number } | { readonly jti: string; readonly since: number };
export type RevokedList = readonly RevokedEntry[];

/** What turning lines into events needs (plain data: it is also sent to a parse worker). */
export interface DeriveOptions {
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
}

export interface FileStats {
  lines: number;
  parsed: number;
  malformed: number;
  format: string;
}

export interface MalformedSample {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

/** The counts of a deriver, as plain data (what a parse worker sends back at the end). */
export interface DeriveSummary {
  readonly lines: number;
  readonly parsed: number;
  readonly malformed: number;
  readonly reasons: [string, number][];
  readonly samples: MalformedSample[];
  readonly files: [string, FileStats][];
}

const MAX_MALFORMED_SAMPLES = 10;

/** The usual methods by their code, one string each (so later lookups by them hit cached hashes). */
const METHODS = ['', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

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

/** What a template is: a login endpoint, a privileged operation, and its interned id. */
interface TemplateClass {
  readonly login: boolean;
  readonly priv: boolean;
  readonly id: number;
  /** `METHOD template` per method code (0-7), built once. */
  readonly ops: string[];
  /** Their numbers in the string table (parse worker), valid in epoch `opEpoch`. */
  readonly opNos: Int32Array;
  opEpoch: number;
}

/** What a path is (cached per distinct path): its template, class, object id and their hashes. */
interface PathInfo {
  readonly template: string;
  readonly objectId: string;
  readonly cls: TemplateClass;
  /** `hash32` of the object id, -1 when none. */
  readonly objectKey: number;
  /** `hash32` of the path (continued over `?query` for the resource key). */
  readonly pathKey: number;
}

/**
 * What an address is (cached per address): its network, the network's interned id (valid in
 * interner epoch `internEpoch`, 0: not looked up) and the numbers of both in the parse worker's
 * string table (valid in table epoch `noEpoch`, 0: not looked up).
 */
interface AddressInfo {
  readonly ip: string;
  readonly net: string;
  netId: number;
  internEpoch: number;
  ipNo: number;
  netNo: number;
  noEpoch: number;
}

/** A user agent or an account with its interned id and string-table number (as for {@link AddressInfo}). */
interface NamedInfo {
  readonly s: string;
  id: number;
  internEpoch: number;
  no: number;
  noEpoch: number;
}

/** Distinct paths cached at once. */
const MAX_PATHS = 100_000;

/**
 * The front half of the analysis: parses lines (format detected per input) and works out each
 * request's principal, network, operation and classes. Pure; counts blank and malformed lines.
 */
export class LineDeriver {
  private readonly hasher: CredentialHasher;
  private readonly loginRe: RegExp | undefined;
  private readonly privRe: RegExp | undefined;
  private readonly spec: SpecTemplates | undefined;
  private readonly revokedIds = new Map<string, number>();
  private readonly specPrivileged: ReadonlySet<string>;
  private readonly revokedJtis = new Map<string, number>();
  private paths = new Map<string, PathInfo>();
  private readonly recentPaths = new RecentCache<PathInfo>(16);
  /** Direct-mapped: a miss only costs the look-ups these save (networkOf, the interner, the string table). */
  private readonly addresses = new RecentCache<AddressInfo>(14);
  private readonly clients = new RecentCache<NamedInfo>(11);
  private readonly accounts = new RecentCache<NamedInfo>(13);
  /** The address and client infos of the event being derived, when looked up. */
  private addr: AddressInfo | undefined;
  private client: NamedInfo | undefined;
  readonly interner = new Interner(200_000);
  private templateCache = new Map<string, TemplateClass>();
  private readonly malformedSamples: MalformedSample[] = [];
  private readonly malformedReasons = new Map<string, number>();
  private readonly fileStats = new Map<string, FileStats>();
  private stats: FileStats = { lines: 0, parsed: 0, malformed: 0, format: 'unknown' };
  private file = '';
  private mapping: JsonMapping | undefined;
  private mappingError = '';
  private fileFormat = 'unknown';
  lines = 0;
  parsed = 0;
  malformed = 0;
  /** In a parse worker: the numbers of the last event's strings in `strings` (see transfer.ts). */
  readonly nos = new Int32Array(8);
  private noEpoch = 0;
  private fileNo = 0;
  private readonly methodNos = new Int32Array(8);
  /** Where the fields of the last CLF line are (`AT_*`), and whether the last line was parsed as CLF. */
  private readonly at = new Int32Array(AT_SIZE);
  private clf = false;
  /**
   * For lines given with their bytes (ASCII lines of a parse worker): the path, credential, address
   * and client found by the bytes of the field, without comparing a string cut from the line (V8's
   * slow path). Each holds what the string caches answer for the same key: path and credential
   * infos are the ones in their maps (all their caches are cleared together when a map starts
   * anew), address and client infos check their memos by epoch.
   */
  private readonly pathsByBytes = new ByteKeyCache<PathInfo>(16, 64);
  private readonly credentialsByBytes = new ByteKeyCache<CredentialIdentity>(15, 256);
  private credentialsEpoch = 1;
  private readonly addressesByBytes = new ByteKeyCache<AddressInfo>(14, 48);
  private readonly clientsByBytes = new ByteKeyCache<NamedInfo>(11, 256);
  private block: Buffer | undefined;
  private view: DataView | undefined;

  constructor(
    private readonly o: DeriveOptions,
    private readonly strings?: StringTable,
  ) {
    this.hasher = new CredentialHasher(o.hashKey);
    this.loginRe = compilePatterns(o.loginPatterns ?? DEFAULT_LOGIN_PATTERNS);
    this.privRe = compilePatterns(o.privilegedPatterns ?? DEFAULT_PRIVILEGED_PATTERNS);
    this.spec = o.specTemplates && o.specTemplates.length > 0 ? new SpecTemplates(o.specTemplates) : undefined;
    this.specPrivileged = new Set(o.specPrivileged ?? []);
    for (const r of o.revoked ?? []) {
      if ('token' in r) this.revokedIds.set(this.hasher.idOf(credentialValue(r.token.trim())), r.since);
      else this.revokedJtis.set(r.jti, r.since);
    }
  }

  /** Start a new input (a file or stdin); line numbers restart at 1. */
  beginFile(name: string): void {
    this.file = name;
    this.mapping = undefined;
    this.mappingError = '';
    this.fileFormat = 'unknown';
    this.fileNo = 0;
    this.stats = { lines: 0, parsed: 0, malformed: 0, format: 'unknown' };
    this.fileStats.set(name, this.stats);
  }

  /**
   * The event of one line (without its newline), or undefined for a blank or malformed line (counted).
   * `offset` is the line's byte position in its input (-1 when unknown). `bytes` and `at`: the
   * line's characters as bytes (an ASCII line without NUL still in its block, see `LineSink.line`);
   * the event's `credential` then stays '' (it never leaves the deriver).
   */
  derive(text: string, lineNo: number, offset: number, bytes?: Buffer, at = 0): LogEvent | undefined {
    if (text.length === 0 || (text.length === 1 && text.charCodeAt(0) === 13)) return undefined;
    const fs = this.stats;
    this.lines++;
    fs.lines++;
    const rec = this.parse(text, bytes, at);
    if (typeof rec === 'string') {
      this.malformed++;
      fs.malformed++;
      this.malformedReasons.set(rec, (this.malformedReasons.get(rec) ?? 0) + 1);
      if (this.malformedSamples.length < MAX_MALFORMED_SAMPLES) {
        const from = rec === OVERLONG_REASON ? OVERLONG_LINE.length : 0;
        this.malformedSamples.push({ file: this.file, line: lineNo, reason: rec, text: own(maskLine(text.slice(from, from + 300))) });
      }
      return undefined;
    }
    this.parsed++;
    fs.parsed++;
    fs.format = this.fileFormat;
    let view: DataView | undefined;
    if (bytes !== undefined && this.clf) {
      if (bytes !== this.block) {
        this.block = bytes;
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      view = this.view;
    }
    return this.event(rec, text, lineNo, offset, view, at);
  }

  /** The field of the last CLF line between `AT_*` places `from` and `to`, cut from the line. */
  private field(text: string, from: number, to: number): string {
    return text.slice(this.at[from]!, this.at[to]!);
  }

  /** `bytes`: the line comes with its bytes (from `at` on), which hold no NUL (see `derive`). */
  private parse(text: string, bytes: Buffer | undefined, at: number): LogRecord | string {
    const inBlock = bytes !== undefined;
    const fmt = this.o.format ?? 'auto';
    this.clf = false;
    if (!inBlock && text.indexOf('\u0000') >= 0) return text.startsWith(OVERLONG_LINE) ? OVERLONG_REASON : 'binary data';
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
    this.clf = true;
    return parseClfLine(text, this.at, inBlock, bytes, at);
  }

  private pathInfo(path: string): PathInfo {
    let p = this.recentPaths.get(path);
    if (p !== undefined) return p;
    p = this.paths.get(path);
    if (p !== undefined) {
      this.recentPaths.set(path, p);
      return p;
    }
    const t: Templated = this.spec?.match(path) ?? templatePath(path);
    const template = own(t.template);
    const objectId = own(t.objectId);
    p = { template, objectId, cls: this.classOf(template), objectKey: objectId ? hash32(objectId) : -1, pathKey: hash32(path) };
    if (this.paths.size >= MAX_PATHS) {
      // the caches in front hold only what the map holds, so they answer as it does whatever their slots
      this.paths = new Map();
      this.recentPaths.clear();
      this.pathsByBytes.clear();
    }
    this.paths.set(own(path), p);
    this.recentPaths.set(path, p);
    return p;
  }

  private classOf(template: string): TemplateClass {
    let cls = this.templateCache.get(template);
    if (cls) return cls;
    const login = Boolean(this.loginRe?.test(template));
    const priv = Boolean(this.privRe?.test(template)) || this.specPrivileged.has(template);
    cls = { login, priv, id: this.interner.id(template), ops: [], opNos: new Int32Array(8), opEpoch: 0 };
    if (this.templateCache.size >= 50_000) this.templateCache = new Map();
    this.templateCache.set(own(template), cls);
    return cls;
  }

  private address(ip: string): AddressInfo {
    let a = this.addresses.get(ip);
    if (a === undefined) {
      a = { ip: own(ip), net: networkOf(ip), netId: 0, internEpoch: 0, ipNo: 0, netNo: 0, noEpoch: 0 };
      this.addresses.set(ip, a);
    }
    return (this.addr = a);
  }

  /** The interned id of a memoised string, looked up again when the interner forgot its strings. */
  private internedNet(a: AddressInfo): number {
    if (a.internEpoch !== this.interner.epoch) {
      a.netId = this.interner.id(a.net);
      a.internEpoch = this.interner.epoch;
    }
    return a.netId;
  }

  private named(cache: RecentCache<NamedInfo>, s: string): NamedInfo {
    let c = cache.get(s);
    if (c === undefined) {
      c = { s: own(s), id: 0, internEpoch: 0, no: 0, noEpoch: 0 };
      cache.set(s, c);
    }
    return c;
  }

  private interned(c: NamedInfo): number {
    if (c.internEpoch !== this.interner.epoch) {
      c.id = this.interner.id(c.s);
      c.internEpoch = this.interner.epoch;
    }
    return c.id;
  }

  private event(r: LogRecord, raw: string, lineNo: number, offset: number, view: DataView | undefined, base: number): LogEvent {
    this.addr = undefined;
    this.client = undefined;
    let t: PathInfo | undefined;
    let id: CredentialIdentity | undefined;
    if (view !== undefined) {
      // the infos of the path, credential, address and client by the bytes of each field (see
      // `pathsByBytes`); the line was parsed lazily, so address, client and credential are cut
      // from it only on a miss
      const at = this.at;
      const ps = base + at[AT_PATH]!;
      const pn = at[AT_PATH_END]! - at[AT_PATH]!;
      t = this.pathsByBytes.get(view, ps, pn);
      if (t === undefined) {
        t = this.pathInfo(r.path);
        this.pathsByBytes.set(view, ps, pn, t);
      }
      if (at[AT_CREDENTIAL]! >= 0) {
        if (this.credentialsEpoch !== this.hasher.epoch) {
          this.credentialsEpoch = this.hasher.epoch;
          this.credentialsByBytes.clear();
        }
        const cs = base + at[AT_CREDENTIAL]!;
        const cn = at[AT_CREDENTIAL_END]! - at[AT_CREDENTIAL]!;
        id = this.credentialsByBytes.get(view, cs, cn);
        if (id === undefined) {
          id = this.hasher.identify(this.field(raw, AT_CREDENTIAL, AT_CREDENTIAL_END));
          this.credentialsByBytes.set(view, cs, cn, id);
        }
      }
      let a = this.addressesByBytes.get(view, base, at[AT_IP_END]!);
      if (a === undefined) {
        a = this.address(raw.slice(0, at[AT_IP_END]!));
        this.addressesByBytes.set(view, base, at[AT_IP_END]!, a);
      }
      this.addr = a;
      r.ip = a.ip;
      if (at[AT_UA]! >= 0) {
        const n = at[AT_UA_END]! - at[AT_UA]!;
        let c = this.clientsByBytes.get(view, base + at[AT_UA]!, n);
        if (c === undefined) {
          c = this.named(this.clients, unescape(this.field(raw, AT_UA, AT_UA_END)));
          this.clientsByBytes.set(view, base + at[AT_UA]!, n, c);
        }
        this.client = c;
        r.ua = c.s;
      }
    }
    t ??= this.pathInfo(r.path);
    const cls = t.cls;
    let tokenId = '';
    let sub = '';
    let isRevoked = false;
    let net = '';
    let netId = 0;
    let uaId = 0;
    if (id !== undefined || r.credential) {
      id ??= this.hasher.identify(r.credential);
      tokenId = id.tokenId;
      sub = id.sub;
      // the memo's strings replace the line's copies: the same string objects line after line
      if (id.lastIp === r.ip) {
        r.ip = id.lastIp;
        net = id.lastNet;
        netId = id.lastNetId;
      } else {
        const a = this.addr ?? this.address(r.ip);
        r.ip = a.ip;
        net = a.net;
        netId = this.internedNet(a);
        id.lastIp = a.ip;
        id.lastNet = net;
        id.lastNetId = netId;
        id.ipNo = 0;
        id.netNo = 0;
      }
      if (id.lastUa === r.ua) {
        r.ua = id.lastUa;
        uaId = id.lastUaId;
      } else {
        const c = (this.client ??= this.named(this.clients, r.ua));
        r.ua = c.s;
        uaId = this.interned(c);
        id.lastUa = c.s;
        id.lastUaId = uaId;
        id.uaNo = 0;
      }
      if (this.revokedIds.size > 0 || this.revokedJtis.size > 0) {
        // looked up once per credential (the list is fixed for the run)
        if (Number.isNaN(id.revokedSince)) id.revokedSince = this.revokedIds.get(tokenId) ?? (id.jti !== '' ? this.revokedJtis.get(id.jti) : undefined) ?? Infinity;
        isRevoked = r.time >= id.revokedSince;
      }
    }
    const isLogin = cls.login && r.method === 'POST';
    const account = r.user || (isLogin && r.body ? bodyUser(r.body) : '') || sub;
    if (!net) {
      const a = this.addr ?? this.address(r.ip);
      r.ip = a.ip;
      net = a.net;
    }
    const mc = methodCode(r.method);
    if (mc !== 0) r.method = METHODS[mc]!;
    let op = mc === 0 ? `${r.method} ${t.template}` : cls.ops[mc];
    if (op === undefined) op = cls.ops[mc] = `${r.method} ${t.template}`;
    const e = r as LogEvent;
    e.file = this.file;
    e.line = lineNo;
    e.offset = offset;
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
    e.opId = cls.id * 16 + mc;
    e.objectId = t.objectId;
    e.objectKey = t.objectKey;
    e.resourceKey = r.query ? hash32(r.query, hash32('?', t.pathKey)) : t.pathKey;
    e.isLogin = isLogin;
    e.loginOk = isLogin && r.status >= 200 && r.status < 400;
    e.loginFailed = isLogin && (r.status === 401 || r.status === 403);
    e.isPrivileged = cls.priv;
    e.isRevoked = isRevoked;
    if (this.strings) this.number(e, cls, mc, id);
    return e;
  }

  /** Fill `nos` for an event, from the memos where they are valid (most lines repeat them). */
  private number(e: LogEvent, cls: TemplateClass, mc: number, id: CredentialIdentity | undefined): void {
    const st = this.strings!;
    const nos = this.nos;
    if (this.noEpoch !== st.epoch) {
      this.noEpoch = st.epoch;
      this.fileNo = 0;
      this.methodNos.fill(0);
    }
    if (this.fileNo === 0) this.fileNo = st.no(this.file);
    nos[NO_FILE] = this.fileNo;
    nos[NO_METHOD] = mc === 0 ? st.no(e.method) : (this.methodNos[mc] ||= st.no(e.method));
    if (cls.opEpoch !== st.epoch) {
      cls.opEpoch = st.epoch;
      cls.opNos.fill(0);
    }
    nos[NO_OP] = mc === 0 ? st.no(e.op) : (cls.opNos[mc] ||= st.no(e.op));
    if (id) {
      if (id.noEpoch !== st.epoch) {
        id.noEpoch = st.epoch;
        id.tokenNo = id.subNo = id.ipNo = id.netNo = id.uaNo = 0;
      }
      nos[NO_TOKEN] = id.tokenNo ||= st.no(e.tokenId);
      if (id.ipNo === 0 || id.netNo === 0) {
        const a = this.addr ?? this.address(e.ip);
        id.ipNo = this.ipNo(a, st);
        id.netNo = a.netNo;
      }
      nos[NO_IP] = id.ipNo;
      nos[NO_NET] = id.netNo;
      nos[NO_UA] = id.uaNo ||= this.nameNo(this.client ?? this.named(this.clients, e.ua), st);
      nos[NO_ACCOUNT] = e.account === '' ? 0 : e.account === id.sub ? (id.subNo ||= st.no(e.account)) : this.nameNo(this.named(this.accounts, e.account), st);
    } else {
      nos[NO_TOKEN] = 0;
      const a = this.addr ?? this.address(e.ip);
      nos[NO_IP] = this.ipNo(a, st);
      nos[NO_NET] = a.netNo;
      nos[NO_UA] = e.ua === '' ? 0 : this.nameNo(this.client ?? this.named(this.clients, e.ua), st);
      nos[NO_ACCOUNT] = e.account === '' ? 0 : this.nameNo(this.named(this.accounts, e.account), st);
    }
  }

  /** The table numbers of an address and its network (both looked up together, memoised per epoch); returns the address's. */
  private ipNo(a: AddressInfo, st: StringTable): number {
    if (a.noEpoch !== st.epoch) {
      a.noEpoch = st.epoch;
      a.ipNo = st.no(a.ip);
      a.netNo = st.no(a.net);
    }
    return a.ipNo;
  }

  private nameNo(c: NamedInfo, st: StringTable): number {
    if (c.noEpoch !== st.epoch) {
      c.noEpoch = st.epoch;
      c.no = st.no(c.s);
    }
    return c.no;
  }

  /** Per-file counts (lines, parsed, malformed, detected format). */
  filesSeen(): ReadonlyMap<string, FileStats> {
    return this.fileStats;
  }

  /** Most frequent reasons of malformed lines first, with their counts. */
  reasons(): [string, number][] {
    return [...this.malformedReasons.entries()].sort((a, b) => b[1] - a[1]);
  }

  samples(): MalformedSample[] {
    return [...this.malformedSamples];
  }

  summary(): DeriveSummary {
    return { lines: this.lines, parsed: this.parsed, malformed: this.malformed, reasons: [...this.malformedReasons.entries()], samples: this.samples(), files: [...this.fileStats.entries()] };
  }

  /** Take over the counts of a deriver that ran elsewhere (a parse worker). */
  absorb(s: DeriveSummary): void {
    this.lines = s.lines;
    this.parsed = s.parsed;
    this.malformed = s.malformed;
    this.malformedReasons.clear();
    for (const [r, n] of s.reasons) this.malformedReasons.set(r, n);
    this.malformedSamples.length = 0;
    this.malformedSamples.push(...s.samples);
    this.fileStats.clear();
    for (const [f, st] of s.files) this.fileStats.set(f, st);
  }
}
