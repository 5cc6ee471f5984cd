import { makeRecord } from '../types.js';
import type { ParseResult } from '../types.js';
import { isPlausibleTime, parseIsoTime } from '../time.js';
import { cleanAddress } from './json.js';

const TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);

/** True when a line looks like an AWS Application Load Balancer access-log entry. */
export function looksLikeAlb(line: string): boolean {
  const sp = line.indexOf(' ');
  if (sp < 2 || sp > 5 || !TYPES.has(line.slice(0, sp))) return false;
  const c = line.charCodeAt(sp + 1);
  return c >= 48 && c <= 57;
}

function quoted(line: string, from: number): { value: string; end: number } | undefined {
  if (line.charCodeAt(from) !== 34) return undefined;
  let i = line.indexOf('"', from + 1);
  while (i > 0 && line.charCodeAt(i - 1) === 92) i = line.indexOf('"', i + 1);
  if (i < 0) return undefined;
  return { value: line.slice(from + 1, i), end: i + 1 };
}

/**
 * AWS Application Load Balancer access logs (`type time elb client:port target:port
 * request_processing_time target_processing_time response_processing_time elb_status_code
 * target_status_code received_bytes sent_bytes "request" "user_agent" ...`). The request holds a
 * full URL; its path and query are kept. ALB logs no user and no credential.
 */
export function parseAlbLine(line: string): ParseResult {
  const f: string[] = [];
  let p = 0;
  for (let k = 0; k < 12; k++) {
    const e = line.indexOf(' ', p);
    if (e < 0) return 'too few ALB fields';
    f.push(line.slice(p, e));
    p = e + 1;
  }
  if (!TYPES.has(f[0]!)) return 'not an ALB entry';
  const time = parseIsoTime(f[1]!);
  if (Number.isNaN(time)) return 'unreadable time';
  if (!isPlausibleTime(time)) return 'absurd time';
  const req = quoted(line, p);
  if (!req) return 'no "request" field';
  const ua = quoted(line, req.end + 1);
  const parts = req.value.split(' ');
  if (parts.length < 2 || !parts[1]) return 'request without method and path';
  let target = parts[1];
  const scheme = target.indexOf('://');
  if (scheme > 0) {
    const slash = target.indexOf('/', scheme + 3);
    target = slash < 0 ? '/' : target.slice(slash);
  }
  const status = Number(f[8]);
  if (!(status >= 100 && status <= 999)) return 'no status';
  const times = [Number(f[5]), Number(f[6]), Number(f[7])];
  const latency = times.some((t) => !(t >= 0)) ? -1 : Math.round((times[0]! + times[1]! + times[2]!) * 1000);
  const qi = target.indexOf('?');
  return makeRecord(time, cleanAddress(f[3]!), parts[0]!, qi < 0 ? target : target.slice(0, qi), qi < 0 ? '' : target.slice(qi + 1), status, Number(f[11]) || 0, ua ? ua.value : '', latency, '', '', '');
}
