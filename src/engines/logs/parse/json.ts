import { makeRecord } from '../types.js';
import type { ParseResult } from '../types.js';
import { isPlausibleTime, parseAnyTime } from '../time.js';
import { own } from '../state.js';

/** The fields a JSON access-log line can map to. `request` is a whole `GET /x HTTP/1.1` line. */
export const JSON_FIELDS = ['time', 'ip', 'method', 'path', 'request', 'status', 'bytes', 'ua', 'latency', 'user', 'credential', 'apiKey', 'body'] as const;
export type JsonField = (typeof JSON_FIELDS)[number];

/** How a latency field is expressed. */
export type LatencyUnit = 's' | 'ms' | 'us' | 'ns';

export interface JsonPreset {
  readonly name: string;
  /** Candidate paths per field (dotted for nested objects), first present wins. */
  readonly fields: Readonly<Partial<Record<JsonField, readonly string[]>>>;
  readonly latencyUnit: LatencyUnit;
}

/**
 * Presets for JSON access logs of common proxies and gateways. Field names follow each product's
 * documented variables: nginx `log_format ... escape=json` with its variable names, Envoy's
 * command operators in snake case, Traefik's JSON access log, Kong's file-log/http-log plugins.
 */
export const JSON_PRESETS: readonly JsonPreset[] = [
  {
    name: 'nginx',
    latencyUnit: 's',
    fields: {
      time: ['time_iso8601', 'time_local', 'msec', 'time', '@timestamp', 'timestamp'],
      ip: ['remote_addr', 'http_x_forwarded_for', 'client_ip'],
      method: ['request_method'],
      path: ['request_uri', 'uri'],
      request: ['request'],
      status: ['status'],
      bytes: ['body_bytes_sent', 'bytes_sent'],
      ua: ['http_user_agent', 'user_agent'],
      latency: ['request_time'],
      user: ['remote_user', 'user'],
      credential: ['http_authorization', 'authorization'],
      apiKey: ['http_x_api_key', 'api_key'],
      body: ['request_body'],
    },
  },
  {
    name: 'envoy',
    latencyUnit: 'ms',
    fields: {
      time: ['start_time', 'timestamp'],
      ip: ['downstream_remote_address', 'x_forwarded_for', 'downstream_direct_remote_address'],
      method: ['method'],
      path: ['path', 'x_envoy_original_path'],
      status: ['response_code'],
      bytes: ['bytes_sent'],
      ua: ['user_agent'],
      latency: ['duration'],
      user: ['user'],
      credential: ['authorization'],
      apiKey: ['x_api_key'],
    },
  },
  {
    name: 'traefik',
    latencyUnit: 'ns',
    fields: {
      time: ['StartUTC', 'time', 'StartLocal'],
      ip: ['ClientHost', 'ClientAddr'],
      method: ['RequestMethod'],
      path: ['RequestPath'],
      status: ['DownstreamStatus', 'OriginStatus'],
      bytes: ['DownstreamContentSize'],
      ua: ['request_User-Agent'],
      latency: ['Duration'],
      user: ['ClientUsername'],
      credential: ['request_Authorization'],
      apiKey: ['request_X-Api-Key'],
    },
  },
  {
    name: 'kong',
    latencyUnit: 'ms',
    fields: {
      time: ['started_at'],
      ip: ['client_ip'],
      method: ['request.method'],
      path: ['request.uri'],
      status: ['response.status'],
      bytes: ['response.size'],
      ua: ['request.headers.user-agent'],
      latency: ['latencies.request'],
      user: ['consumer.username', 'authenticated_entity.id'],
      credential: ['request.headers.authorization'],
      apiKey: ['request.headers.apikey', 'request.headers.x-api-key'],
    },
  },
];

/** A resolved mapping: one path per field, split into segments. */
export interface JsonMapping {
  readonly preset: string;
  /** The top-level keys read, when every mapped path is one key deep (the flat-line fast path). */
  readonly flatKeys?: ReadonlySet<string>;
  /** The keys of the last line read by position (lines of one logger repeat them in order), see {@link KeyOrder}. */
  readonly order?: KeyOrder;
  readonly paths: Readonly<Partial<Record<JsonField, readonly string[]>>>;
  readonly latencyUnit: LatencyUnit;
}

function lookup(obj: Record<string, unknown>, path: readonly string[]): unknown {
  if (path.length === 1) return obj[path[0]!];
  let v: unknown = obj;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function has(obj: Record<string, unknown>, dotted: string): boolean {
  const v = lookup(obj, dotted.split('.'));
  return v !== undefined && v !== null;
}

/**
 * Choose the mapping for a file from its first JSON object: the preset with the most fields
 * present, each field taking its first present candidate; `overrides` (`--map field=path`) win.
 */
export function resolveMapping(sample: Record<string, unknown>, overrides: Readonly<Partial<Record<JsonField, string>>> = {}, presetName?: string): JsonMapping {
  let best: JsonPreset = JSON_PRESETS[0]!;
  let bestScore = -1;
  for (const p of JSON_PRESETS) {
    if (presetName && p.name !== presetName) continue;
    let score = 0;
    for (const cands of Object.values(p.fields)) if (cands!.some((c) => has(sample, c))) score++;
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  const paths: Partial<Record<JsonField, readonly string[]>> = {};
  for (const f of JSON_FIELDS) {
    const o = overrides[f];
    if (o) {
      paths[f] = o.split('.');
      continue;
    }
    const c = best.fields[f]?.find((cand) => has(sample, cand));
    if (c) paths[f] = c.split('.');
  }
  const all = Object.values(paths);
  const flatKeys = all.every((p) => p!.length === 1) ? new Set(all.map((p) => p![0]!)) : undefined;
  return { preset: best.name, paths, latencyUnit: best.latencyUnit, flatKeys, order: flatKeys ? { keys: [], wanted: [] } : undefined };
}

/** True when the mapping can make a request of a line: a time, a source and a path. */
export function mappingProblems(m: JsonMapping): string[] {
  const missing: string[] = [];
  if (!m.paths.time) missing.push('time');
  if (!m.paths.ip) missing.push('ip');
  if (!m.paths.path && !m.paths.request) missing.push('path');
  if (!m.paths.status) missing.push('status');
  return missing;
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.length > 0 && v !== '-') return Number(v);
  return NaN;
}

const UNIT_TO_MS: Record<LatencyUnit, number> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };

/** Strip a port from `1.2.3.4:5678` and `[::1]:80`, and take the first of a forwarded-for list. */
export function cleanAddress(a: string): string {
  let s = a;
  const comma = s.indexOf(',');
  if (comma >= 0) s = s.slice(0, comma).trim();
  if (s.charCodeAt(0) === 91) {
    const e = s.indexOf(']');
    return e > 0 ? s.slice(1, e) : s;
  }
  const colon = s.indexOf(':');
  if (colon > 0 && s.indexOf(':', colon + 1) < 0) return s.slice(0, colon);
  return s;
}

function skipWs(s: string, i: number): number {
  let c = s.charCodeAt(i);
  while (c === 32 || c === 9 || c === 13 || c === 10) c = s.charCodeAt(++i);
  return i;
}

/** True when `line` has `key` at `at` (a short key: a loop beats a call to startsWith). */
function sameAt(line: string, at: number, key: string): boolean {
  for (let j = 0; j < key.length; j++) if (line.charCodeAt(at + j) !== key.charCodeAt(j)) return false;
  return true;
}

/**
 * The keys of the last line by position and whether each is wanted: a key at the same place as on
 * the line before is recognised by comparing it in place, without cutting it out and looking it up.
 */
export interface KeyOrder {
  readonly keys: string[];
  readonly wanted: boolean[];
}

/**
 * Read the wanted keys of a flat JSON object (string, number, boolean and null values) without
 * building the whole object. False when the line is not such an object: the caller then uses JSON.parse,
 * which also reports real syntax errors.
 */
export function scanFlatJson(line: string, keys: ReadonlySet<string>, out: Record<string, unknown>, order?: KeyOrder): boolean {
  let i = skipWs(line, 0);
  if (line.charCodeAt(i) !== 123) return false;
  i = skipWs(line, i + 1);
  if (line.charCodeAt(i) === 125) return true;
  for (let k = 0; ; k++) {
    if (line.charCodeAt(i) !== 34) return false;
    let key = order?.keys[k];
    let kEnd = key === undefined ? -1 : i + 1 + key.length;
    let wanted: boolean;
    // the same key as at this place on the line before (keys kept have no quote or backslash)
    if (key !== undefined && line.charCodeAt(kEnd) === 34 && sameAt(line, i + 1, key)) wanted = order!.wanted[k]!;
    else {
      kEnd = line.indexOf('"', i + 1);
      if (kEnd < 0) return false;
      key = line.slice(i + 1, kEnd);
      if (key.indexOf('\\') >= 0) return false;
      wanted = keys.has(key);
      if (order) {
        order.keys[k] = own(key);
        order.wanted[k] = wanted;
      }
    }
    i = skipWs(line, kEnd + 1);
    if (line.charCodeAt(i) !== 58) return false;
    i = skipWs(line, i + 1);
    const c = line.charCodeAt(i);
    let value: unknown;
    if (c === 34) {
      let j = i + 1;
      let escaped = false;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return false;
        let n = 0;
        for (let b = q - 1; line.charCodeAt(b) === 92; b--) n++;
        if (n > 0) escaped = true;
        if (n % 2 === 0) {
          j = q;
          break;
        }
        j = q + 1;
      }
      if (wanted) {
        if (!escaped) value = line.slice(i + 1, j);
        else {
          try {
            value = JSON.parse(line.slice(i, j + 1));
          } catch {
            return false;
          }
        }
      }
      i = j + 1;
    } else if (c === 123 || c === 91) return false;
    else {
      let j = i;
      for (;;) {
        const d = line.charCodeAt(j);
        if (d === 44 || d === 125 || d === 32 || d === 9 || d === 13 || Number.isNaN(d)) break;
        j++;
      }
      if (j === i) return false;
      if (wanted) {
        const tok = line.slice(i, j);
        if (tok === 'null') value = null;
        else if (tok === 'true') value = true;
        else if (tok === 'false') value = false;
        else {
          const n = Number(tok);
          if (Number.isNaN(n)) return false;
          value = n;
        }
      }
      i = j;
    }
    if (value !== undefined) out[key] = value;
    i = skipWs(line, i);
    const sep = line.charCodeAt(i);
    if (sep === 125) return skipWs(line, i + 1) >= line.length;
    if (sep !== 44) return false;
    i = skipWs(line, i + 1);
  }
}

/** Parse one JSON line with a resolved mapping. */
export function parseJsonLine(line: string, m: JsonMapping): ParseResult {
  if (m.flatKeys) {
    const out: Record<string, unknown> = {};
    if (scanFlatJson(line, m.flatKeys, out, m.order)) return recordFromObject(out, m);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return 'not a JSON object';
  return recordFromObject(obj as Record<string, unknown>, m);
}

/** Map one JSON object to a record. */
export function recordFromObject(o: Record<string, unknown>, m: JsonMapping): ParseResult {
  const p = m.paths;
  const time = p.time ? parseAnyTime(lookup(o, p.time)) : NaN;
  if (Number.isNaN(time)) return 'unreadable time';
  if (!isPlausibleTime(time)) return 'absurd time';
  let method = p.method ? str(lookup(o, p.method)) : '';
  let target = p.path ? str(lookup(o, p.path)) : '';
  if ((!target || !method) && p.request) {
    const r = str(lookup(o, p.request));
    const a = r.indexOf(' ');
    if (a > 0) {
      if (!method) method = r.slice(0, a);
      if (!target) {
        const b = r.indexOf(' ', a + 1);
        target = b < 0 ? r.slice(a + 1) : r.slice(a + 1, b);
      }
    }
  }
  if (!target) return 'no path';
  if (!method) method = 'GET';
  const status = p.status ? num(lookup(o, p.status)) : NaN;
  if (!(status >= 100 && status <= 999)) return 'no status';
  const ipRaw = p.ip ? str(lookup(o, p.ip)) : '';
  if (!ipRaw) return 'no source address';
  const lat = p.latency ? num(lookup(o, p.latency)) : NaN;
  const bytes = p.bytes ? num(lookup(o, p.bytes)) : 0;
  let credential = p.credential ? str(lookup(o, p.credential)) : '';
  if (credential === '-') credential = '';
  if (!credential && p.apiKey) {
    const k = str(lookup(o, p.apiKey));
    if (k && k !== '-') credential = k;
  }
  let user = p.user ? str(lookup(o, p.user)) : '';
  if (user === '-') user = '';
  let body = p.body ? str(lookup(o, p.body)) : '';
  if (body === '-') body = '';
  const qi = target.indexOf('?');
  return makeRecord(
    time,
    cleanAddress(ipRaw),
    method.toUpperCase(),
    qi < 0 ? target : target.slice(0, qi),
    qi < 0 ? '' : target.slice(qi + 1),
    status,
    Number.isFinite(bytes) ? bytes : 0,
    p.ua ? str(lookup(o, p.ua)) : '',
    Number.isFinite(lat) ? lat * UNIT_TO_MS[m.latencyUnit] : -1,
    user,
    credential,
    body,
  );
}
